"""Where back-in-stock notices go besides the comments response: the outbound webhooks.

NoticeSink is the one thing the waitlist needs from a webhook outbox: take an event under an id, durably,
once however often it is offered (a replay after a restart offers it again). Every notice goes to the
room's EventLog (readable with a cursor through GET /v1/streams/{id}/waitlist/events) and, where the alerts
part runs the shared webhook outbox (svc.alerts.outbox), to the webhook targets that take the kind
"back_in_stock_notice", under the dedupe key "notice:<id>".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from assistant.waitlist.store import WaitlistStore

EVENT_KIND = "back_in_stock_notice"  # one name on both paths: the event log and the webhook outbox


class NoticeSink(Protocol):
    async def publish(self, stream_id: str, event_id: str, event: dict[str, Any]) -> None: ...


class EventLog:
    def __init__(self, store: WaitlistStore):
        self.store = store

    async def publish(self, stream_id: str, event_id: str, event: dict[str, Any]) -> None:
        await self.store.record_event(stream_id, event_id, event)


class WebhookSink:
    """The event log, then the shared webhook outbox when there is one (looked up per event: it may start later)."""

    def __init__(self, log: EventLog, outbox: Callable[[], Any]):
        self.log = log
        self.outbox = outbox

    async def publish(self, stream_id: str, event_id: str, event: dict[str, Any]) -> None:
        await self.log.publish(stream_id, event_id, event)
        outbox = self.outbox()
        if outbox is not None:
            text = {"zh": "\n".join(p["reply"] for p in event["parts"] if p["language"] == "zh"),
                    "en": "\n".join(p["reply"] for p in event["parts"] if p["language"] == "en")}
            await outbox.enqueue(stream_id, EVENT_KIND, event, text={k: v for k, v in text.items() if v} or None,
                                 dedupe_key=f"notice:{event_id}")


def notice_event(notice: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook body: the notice with its drafted replies, holds and the ledger facts behind them."""
    return {"kind": EVENT_KIND, "notice_id": notice["id"], "stream_id": notice["stream_id"], "sku": notice["sku"],
            "product_id": notice["product_id"], "colour": notice.get("colour"), "size": notice.get("size"),
            "viewers": [v["user_id"] for v in notice["viewers"]], "holds": notice.get("holds", []),
            "facts": notice.get("facts", []), "replies": [p["reply"] for p in parts], "parts": parts,
            "ts": notice["ts"]}
