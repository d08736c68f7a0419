"""Cards to the people responsible: a card that is new or changed level goes to the outbox (webhooks, IM
robots); a critical or sold-out one is checked for an ack after the stream's escalation delay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.alerts.outbox import Outbox
from assistant.alerts.outbox.store import DEDUPE_TTL_S
from assistant.alerts.settings import StreamAlertSettings
from assistant.alerts.store import CardStore

ESCALATING = {"critical", "sold_out"}


class CardNotifier:
    def __init__(self, outbox: Outbox, settings: StreamAlertSettings):
        self.outbox = outbox
        self.settings = settings

    async def __call__(self, card: dict[str, Any], previous_level: str | None) -> None:
        """Figures-only updates stay on the host's screen: only a new level is worth a message."""
        if card["level"] == previous_level:
            return
        stream_id = card["stream_id"]
        await self.outbox.enqueue(stream_id, "card", card, level=card["level"],
                                  dedupe_key=f"card:{stream_id}:{card['id']}:{card['level']}")
        if card["level"] in ESCALATING:
            minutes = self.settings.of(stream_id).escalate_after_minutes
            await self.outbox.schedule_escalation(stream_id, card["id"], int(card["updated_ts"] + minutes * 60_000))


async def catch_up(store: CardStore, stream_ids: Iterable[str], notifier: CardNotifier, now_ms: int) -> None:
    """Run at start: every product's current card is offered to the outbox again. A card is saved before it is
    enqueued (its keys are the stream's slot, the outbox's another, so no one transaction holds both); a crash
    in between would lose that webhook. The enqueue's dedupe key makes this a no-op for what was already sent;
    cards older than the dedupe keys are left alone rather than risk a resend."""
    for stream_id in stream_ids:
        for card in (await store.latest_by_product(stream_id)).values():
            if int(card["created_ts"]) > now_ms - DEDUPE_TTL_S * 1000:
                await notifier(card, None)


def unacknowledged(store: CardStore):  # noqa: ANN201 - the Dispatcher's Unacknowledged callable
    async def check(stream_id: str, card_id: str) -> dict[str, Any] | None:
        cards = await store.read_many(stream_id, [card_id])
        card = cards[0] if cards else None
        if card is None or card["superseded_by"] or card.get("acknowledged_ts") is not None:
            return None
        return None if await store.ack_ts(stream_id, card_id) is not None else card

    return check
