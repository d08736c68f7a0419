"""The live ops board: one snapshot, one SSE stream per screen, and actions as proposals (its page: api/pages.py)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sse_starlette.sse import EventSourceResponse

from assistant.api.deps import BoardDep, OpsDep, OpsKey, ServicesDep
from assistant.api.schemas.board import BoardProposalAnswer, BoardSnapshot
from assistant.api.schemas.common import AUTHED_ERRORS, errors, event_stream
from assistant.board.snapshot import board_view
from assistant.board.tape import MovementTape
from assistant.catalog.ids import Id
from assistant.container import Services
from assistant.errors import InvalidInput, NotFound
from assistant.infra.cancelled import stop_if_cancelled

router = APIRouter(tags=["board"], responses={**AUTHED_ERRORS, **errors(404)})
REFRESH_S = 5.0  # the slower figures (pace, forecast, asks, cards) are re-sent this often


class BoardProposal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["restock", "count_correction", "safety_stock", "buyer_limit", "flash_cap"]
    sku: Id
    value: StrictInt | None = Field(default=None, ge=0, le=10_000_000, description="null clears a flash cap")
    stream_id: Id | None = None


async def _rooms(svc: Services, stream_id: str | None) -> list[str]:
    known = await svc.streams.known_streams()
    if stream_id:
        if stream_id not in known:
            raise NotFound(f"stream {stream_id} is not known", code="unknown_stream")
        return [stream_id]
    return list(known)


@router.get("/v1/board", response_model=BoardSnapshot)
async def snapshot(tape: BoardDep, _: OpsKey, svc: ServicesDep,
                   stream_id: Id | None = None) -> dict[str, Any]:
    """Every live room (or one): products in lineup order with each variant's sellable count and level,
    sales per minute, predicted sell-out, cover against restock lead time, channels, asks, cards, shipments."""
    return await board_view(svc, tape, await _rooms(svc, stream_id))


BOARD_EVENT = {"anyOf": [{"$ref": "#/components/schemas/BoardSnapshot"},
                         {"type": "object", "required": ["skus"], "description": "event stock",
                          "properties": {"skus": {"type": "object"}}}]}


@router.get("/v1/board/events", response_class=EventSourceResponse, responses=event_stream(
    "Server-sent events: snapshot (every few seconds) and stock; each `data` is JSON", ["snapshot", "stock"],
    BOARD_EVENT, 'event: snapshot\ndata: {"rooms": [...]}\n\nevent: stock\ndata: {"skus": {...}}\n\n'))
async def events(tape: BoardDep, _: OpsKey, svc: ServicesDep,
                 stream_id: Id | None = None) -> EventSourceResponse:
    """Server-sent events for one screen: `snapshot` first and every few seconds, `stock` ({"skus": {sku:
    {"sellable", "id", "type"}}}) batched as orders land (at most four a second)."""
    rooms = await _rooms(svc, stream_id)
    return EventSourceResponse(_screen(svc, tape, rooms), ping=15,
                               headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _skus(view: dict[str, Any]) -> set[str]:
    return {v["sku"] for r in view["rooms"] for p in r["products"] for v in p["variants"]}


async def _screen(svc: Services, tape: MovementTape, rooms: list[str]) -> AsyncIterator[dict[str, str]]:
    """Stock events keep flowing while the slower refresh is built beside them (it reads demand and cards)."""
    queue = tape.listen()
    refresh: asyncio.Task[dict[str, Any]] | None = None
    try:
        view = await board_view(svc, tape, rooms)
        wanted = _skus(view)
        yield {"event": "snapshot", "data": json.dumps(view, ensure_ascii=False)}
        loop = asyncio.get_running_loop()
        due = loop.time() + REFRESH_S
        while True:
            stop_if_cancelled()
            if refresh is not None and refresh.done():
                view, refresh = refresh.result(), None
                wanted = _skus(view)
                due = loop.time() + REFRESH_S
                yield {"event": "snapshot", "data": json.dumps(view, ensure_ascii=False)}
            try:
                wait = 0.1 if refresh is not None else max(0.05, due - loop.time())  # look at the refresh soon
                event = await asyncio.wait_for(queue.get(), timeout=wait)
            except TimeoutError:
                event = {"event": "refresh" if refresh is None and loop.time() >= due else "idle"}
            if event["event"] == "idle":
                continue
            if event["event"] in ("refresh", "resync"):
                if refresh is None:
                    refresh = asyncio.create_task(board_view(svc, tape, rooms))
                due = loop.time() + REFRESH_S
                continue
            mine = {sku: row for sku, row in event["skus"].items() if sku in wanted}
            if mine:
                yield {"event": "stock", "data": json.dumps({"skus": mine})}
    finally:
        if refresh is not None:
            refresh.cancel()
        tape.leave(queue)


@router.post("/v1/board/proposals", status_code=201, response_model=BoardProposalAnswer)
async def propose(body: BoardProposal, ops: OpsDep, who: OpsKey, svc: ServicesDep) -> dict[str, Any]:
    """An ops action from the board, as a proposal: nothing changes until POST /v1/ops/confirm."""
    product = svc.catalog.catalog.product_of_sku(body.sku)
    if product is None:
        raise NotFound(f"SKU {body.sku} is not in the catalog", code="unknown_sku")
    if body.value is None and body.action != "flash_cap":
        raise InvalidInput(f"{body.action} needs a value", code="invalid_qty")
    stock = (await svc.ledger.read([body.sku]))[body.sku]
    scope = f"stream:{body.stream_id}" if body.action == "flash_cap" and body.stream_id else (
        "*" if body.action == "flash_cap" else "")
    summary = {"restock": f"restock {body.sku} by {body.value}",
               "count_correction": f"set the counted stock of {body.sku} to {body.value}",
               "safety_stock": f"set the safety stock of {body.sku} to {body.value}",
               "buyer_limit": f"limit {body.sku} to {body.value} per buyer",
               "flash_cap": f"cap flash sales of {body.sku} at {body.value} ({scope})" if body.value is not None
               else f"remove the flash cap of {body.sku} ({scope})"}[body.action]
    proposal = await ops.proposals.propose(
        who.identity, body.action, body.sku, body.value, summary=summary, stream_id=body.stream_id or "",
        scope=scope, expected_stock=stock.stock if body.action == "count_correction" and stock else None)
    return {"proposal": proposal.public(svc.clock()), "applied": False}
