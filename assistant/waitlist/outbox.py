"""Where back-in-stock notices go besides the comments response: the outbound webhooks.

NoticeSink is the one thing the waitlist needs from a webhook outbox: take an event under an id, durably,
once however often it is offered (a replay after a restart offers it again). Until the shared webhook
outbox (helper "cards") is on main, EventLog keeps the events in Redis, readable with a cursor through
GET /v1/streams/{id}/waitlist/events.
"""

from __future__ import annotations

from typing import Any, Protocol

from assistant.waitlist.store import WaitlistStore

EVENT_KIND = "waitlist.back_in_stock"


class NoticeSink(Protocol):
    async def publish(self, stream_id: str, event_id: str, event: dict[str, Any]) -> None: ...


class EventLog:
    def __init__(self, store: WaitlistStore):
        self.store = store

    async def publish(self, stream_id: str, event_id: str, event: dict[str, Any]) -> None:
        await self.store.record_event(stream_id, event_id, event)


def notice_event(notice: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook body: the notice with its drafted replies, holds and the ledger facts behind them."""
    return {"kind": EVENT_KIND, "notice_id": notice["id"], "stream_id": notice["stream_id"], "sku": notice["sku"],
            "product_id": notice["product_id"], "colour": notice.get("colour"), "size": notice.get("size"),
            "viewers": [v["user_id"] for v in notice["viewers"]], "holds": notice.get("holds", []),
            "facts": notice.get("facts", []), "replies": [p["reply"] for p in parts], "parts": parts,
            "ts": notice["ts"]}
