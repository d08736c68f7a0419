"""Ops assistant over HTTP: ask (JSON or streamed events), confirm a proposal, the post-live report."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

import prompts
from assistant.api.deps import OpsDep, OpsKey, OpsOrAdminKey, ServicesDep
from assistant.api.schemas.common import AUTHED_ERRORS, errors, event_stream
from assistant.api.schemas.ops import Confirmation, OpsAnswer, Report
from assistant.catalog.ids import Id
from assistant.errors import AppError
from assistant.infra.limits import EPOCH_MS_MAX
from assistant.ops.conversations import new_conversation_id
from assistant.ops.report import build_report
from assistant.ops.report_parts import review_csv, svg_polyline, to_csv
from assistant.ops.service import OpsService
from assistant.security import Principal

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)
router = APIRouter(tags=["ops"], responses=AUTHED_ERRORS)


class Ask(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=2000)
    conversation_id: Id | None = None
    stream_id: Id | None = Field(default=None,
                                  description="live room for link numbers and demand; default: the only/most recent")


class Confirm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=4, max_length=64)


async def _prepared(body: Ask, who: Principal, ops: OpsService) -> dict[str, Any]:
    """Checks that can refuse with a 4xx before any event is streamed."""
    stream = await ops.resolve_stream(body.stream_id)
    conversation_id = body.conversation_id or new_conversation_id()
    await ops.conversations.history(conversation_id, who.identity)
    return {"user": who.identity, "role": who.role, "conversation_id": conversation_id, "stream_id": stream or None}


@router.post("/v1/ops/ask", response_model=OpsAnswer, responses=errors(404, 502, 504))
async def ask(body: Ask, ops: OpsDep, who: OpsKey) -> dict[str, Any]:
    """Ask the ops assistant about stock in Chinese or English ("哪些快卖完了", "how many black L left").
    Figures in the answer are read from the ledger. A stock change is only proposed (`proposals`): it happens
    when POST /v1/ops/confirm gets its token. Send `conversation_id` back to continue a conversation."""
    return await ops.ask(body.question, **await _prepared(body, who, ops))


ASK_EVENT = {"anyOf": [
    {"type": "object", "required": ["type"], "description": "tool_call, tool_result, token, then answer",
     "properties": {"type": {"enum": ["tool_call", "tool_result", "token", "answer"]}}},
    {"$ref": "#/components/schemas/ErrorResponse"}]}


@router.post("/v1/ops/ask/stream", response_class=StreamingResponse, responses={**errors(404), **event_stream(
    "Server-sent events; each `data` is JSON", ["tool_call", "tool_result", "token", "answer", "error"], ASK_EVENT,
    'event: tool_call\ndata: {"type": "tool_call", ...}\n\nevent: answer\ndata: {"type": "answer", ...}\n\n')})
async def ask_stream(body: Ask, ops: OpsDep, who: OpsKey) -> StreamingResponse:
    """The same as /v1/ops/ask as server-sent events: `tool_call`, `tool_result`, `token` ..., then `answer`
    (the body /v1/ops/ask returns) or `error` (`{"error": {"code", "message"}}`)."""
    prepared = await _prepared(body, who, ops)

    async def events() -> AsyncIterator[str]:
        # Headers are sent: whatever goes wrong now ends the stream with an error event, never with nothing.
        try:
            async for event in ops.ask_events(body.question, **prepared):
                yield f"event: {event['type']}\ndata: {json.dumps(event, ensure_ascii=False, default=str)}\n\n"
        except AppError as error:
            yield f"event: error\ndata: {json.dumps({**error.body(), 'status': error.status_code}, ensure_ascii=False)}\n\n"
        except Exception:
            log.exception("ops ask stream failed (a bug)")
            internal = {"error": {"code": "internal_error", "message": "internal error; this is a bug"}, "status": 500}
            yield f"event: error\ndata: {json.dumps(internal)}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.post("/v1/ops/confirm", response_model=Confirmation, responses=errors(404, 409))
async def confirm(body: Confirm, ops: OpsDep, who: OpsKey) -> dict[str, Any]:
    """Apply a proposal by its token (once: confirming again answers `already_confirmed`). Expired or unknown
    tokens are refused."""
    return await ops.confirm(body.token, who.identity)


@router.get("/v1/streams/{stream_id}/report", response_model=Report, responses={**errors(404), 200: {"content": {
    "text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}}})
async def report(_: OpsOrAdminKey, svc: ServicesDep, stream_id: Id,
                 format: Literal["json", "csv", "html"] = Query("json"),
                 table: Literal["skus", "review"] = Query("skus", description="CSV only: per SKU, or the per-product "
                                                          "review (sell-through, sell-out time, asks, next show)"),
                 start_ms: int | None = Query(None, ge=0, le=EPOCH_MS_MAX, description="session start (ms); default: the room's "
                                              "first stock movement"),
                 end_ms: int | None = Query(None, ge=0, le=EPOCH_MS_MAX, description="session end (ms); default: its last")) -> dict[str, Any] | PlainTextResponse | HTMLResponse:
    """The post-live report: per-SKU start, sold, cancelled, restocked, end (recomputed from the movements and
    checked against the ledger), best sellers, sell-outs, oversell check, demand. `format=csv` (UTF-8 with BOM)
    or `html`."""
    data = await build_report(svc, stream_id, start_ms=start_ms, end_ms=end_ms)
    if format == "csv":
        body, name = (review_csv(data), "review") if table == "review" else (to_csv(data), "report")
        return PlainTextResponse(body, media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{stream_id}-{name}.csv"'})
    if format == "html":
        return HTMLResponse(prompts.render("report/report.html", r=data, svg=svg_polyline(data["curve"])))
    return data
