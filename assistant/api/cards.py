"""Host prompt cards: list, live events (SSE), acknowledge, per-stream alert settings (the host page: api/pages.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Query
from pydantic import ValidationError
from sse_starlette.sse import EventSourceResponse

from assistant.alerts import live
from assistant.alerts.delivery import card_events
from assistant.alerts.settings import AlertSettingsPatch
from assistant.api.deps import AlertsDep, HostKey, ServicesDep
from assistant.api.schemas.cards import AlertSettingsAnswer, CardAck, CardList, OnScreen
from assistant.api.schemas.common import AUTHED_ERRORS, errors, event_stream
from assistant.catalog.ids import Id
from assistant.errors import InvalidInput

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["cards"], responses=AUTHED_ERRORS)


@router.get("/v1/streams/{stream_id}/cards", response_model=CardList)
async def list_cards(
    _: HostKey,
    svc: ServicesDep, alerts: AlertsDep,
    stream_id: Id,
    limit: int = Query(50, ge=1, le=500),
    history: bool = Query(False, description="also cards replaced by a newer card of the same product"),
    order: Literal["newest", "severity"] = Query("newest", description="severity: raised first, then sold out, "
                                                 "critical, low ..., newest first within a level"),
) -> dict[str, Any]:
    """The host prompt cards for the products in the stream's lineup or focus, newest first. Every figure on a
    card is in its `facts`, read from the ledger."""
    showing = set((await svc.streams.state(stream_id)).product_ids())  # a product taken off the lineup drops out
    cards = await alerts.store.list_cards(stream_id, limit=limit, include_superseded=history)
    shown = await live.with_live_counts(svc.ledger, svc.low_stock, [c for c in cards if c.product_id in showing])
    return {"stream_id": stream_id, "cards": live.by_severity(shown) if order == "severity" else shown}


@router.get("/v1/streams/{stream_id}/on-screen", response_model=OnScreen)
async def product_on_screen(_: HostKey, svc: ServicesDep, stream_id: Id) -> dict[str, Any]:
    """The focused product and every variant's live sellable count ({"product_id": null} without a focus); in a
    room selling through one channel (its lineup's `channel`), what that channel may sell."""
    state = await svc.streams.state(stream_id)
    product = svc.catalog.catalog.product(state.focus) if state.focus else None
    return {"stream_id": stream_id, "channel": state.channel,
            **await live.on_screen(svc.ledger, svc.low_stock, product, state.channel)}


CARD_EVENT = {"anyOf": [
    {"type": "object", "required": ["cards"], "description": "event snapshot", "properties": {
        "cards": {"type": "array", "items": {"$ref": "#/components/schemas/Card"}}}},
    {"type": "object", "required": ["card"], "description": "event card", "properties": {
        "card": {"$ref": "#/components/schemas/Card"},
        "supersedes": {"type": "array", "items": {"type": "string"},
                       "description": "ids of the cards this one replaces: take them off the screen"},
        "superseded_by": {"type": ["string", "null"],
                          "description": "set when this card is already replaced: do not show it"}}},
    {"type": "object", "required": ["card_id"], "description": "event ack", "properties": {
        "card_id": {"type": "string"}}},
    {"type": "object", "required": ["skus"], "description": "event counts", "properties": {
        "skus": {"type": "object", "additionalProperties": {"type": "integer"}}}}]}


@router.get("/v1/streams/{stream_id}/cards/events", response_class=EventSourceResponse, responses=event_stream(
    "Server-sent events: snapshot, then card, ack and counts; each `data` is JSON",
    ["snapshot", "card", "ack", "counts"], CARD_EVENT,
    'event: snapshot\ndata: {"cards": []}\n\nevent: card\ndata: {"card": {...}}\n\n'))
async def card_stream(_: HostKey, svc: ServicesDep, alerts: AlertsDep, stream_id: Id) -> EventSourceResponse:
    """Server-sent events: `snapshot` (`{"cards": [...]}`) first, then `card` (`{"card": {...}, "supersedes":
    [ids], "superseded_by": id|null}`, a new or updated card; the server decides what it replaces: one card per
    product and `slot`), `ack` (`{"card_id"}`) and `counts` (`{"skus": {sku: sellable}}`: live counts of the stream's
    products as the ledger changes); a comment ping keeps proxies from closing the connection. Reconnect on
    close: the snapshot brings the screen up to date."""
    return EventSourceResponse(
        card_events(alerts.hub, alerts.store, stream_id),
        ping=svc.settings.alert_sse_ping_s,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post("/v1/streams/{stream_id}/cards/{card_id}/ack", response_model=CardAck, responses=errors(404))
async def acknowledge(_: HostKey, svc: ServicesDep, alerts: AlertsDep, stream_id: Id, card_id: Id) -> dict[str, Any]:
    """The host has dealt with the card: it is marked acknowledged (once; again changes nothing)."""
    card = await alerts.store.acknowledge(stream_id, card_id, int(svc.clock()))
    return {"card": card}


@router.get("/v1/streams/{stream_id}/alert-settings", response_model=AlertSettingsAnswer)
async def get_alert_settings(_: HostKey, alerts: AlertsDep, stream_id: Id) -> dict[str, Any]:
    """The card thresholds in force for this stream, and which of them the stream overrides."""
    return {"stream_id": stream_id, "settings": (await alerts.settings.read(stream_id)).model_dump(),
            "overrides": await alerts.settings.overrides(stream_id)}


@router.put("/v1/streams/{stream_id}/alert-settings", response_model=AlertSettingsAnswer)
async def put_alert_settings(patch: AlertSettingsPatch, _: HostKey, alerts: AlertsDep,
                             stream_id: Id) -> dict[str, Any]:
    """Override thresholds for this stream; only the fields given change, null drops an override."""
    try:
        effective = await alerts.settings.update(stream_id, patch)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(p) for p in problem.get("loc", ())) or "body"
        raise InvalidInput(f"{field}: {problem.get('msg', 'is invalid')}", code="invalid_alert_settings") from None
    return {"stream_id": stream_id, "settings": effective.model_dump(),
            "overrides": await alerts.settings.overrides(stream_id)}


