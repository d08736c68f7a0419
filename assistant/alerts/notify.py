"""Cards to the people responsible: a card that is new or changed level goes to the outbox (webhooks, IM
robots); a critical or sold-out one is checked for an ack after the stream's escalation delay."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.alerts.card import Card
from assistant.alerts.outbox import Outbox
from assistant.alerts.settings import StreamAlertSettings
from assistant.alerts.slots import PendingEvent
from assistant.alerts.store import CardStore

ESCALATING = {"critical", "sold_out"}


class CardNotifier:
    """What a card owes the outbox is written with the card itself (CardStore.save(owed=...): one atomic step
    on the stream's slot), then relayed to the outbox and settled. A crash between the save and the relay
    leaves it owed, and the next relay (the stream's next card, or the start) sends it; the enqueue's dedupe
    key makes a relay that ran twice send once."""

    def __init__(self, outbox: Outbox, settings: StreamAlertSettings):
        self.outbox = outbox
        self.settings = settings

    def owed(self, card: Card, previous_level: str | None) -> list[PendingEvent]:
        """Figures-only updates stay on the host's screen: only a new level is worth a message."""
        if card.level == previous_level:
            return []
        stream_id = card.stream_id
        escalate_at = None
        if card.level in ESCALATING:
            minutes = self.settings.of(stream_id).escalate_after_minutes
            escalate_at = int(card.updated_ts + minutes * 60_000)
        body = {"kind": "card", "level": card.level, "payload": card.public(), "escalate_at": escalate_at}
        return [PendingEvent(f"card:{stream_id}:{card.id}:{card.level}", body)]

    async def relay(self, store: CardStore, stream_id: str) -> int:
        """Sends what the stream's saved cards still owe; returns how many events that was."""
        owed = await store.owed(stream_id)
        for dedupe_key, body in owed.items():
            card = body["payload"]
            await self.outbox.enqueue(stream_id, body["kind"], card, level=body.get("level"), dedupe_key=dedupe_key)
            if body.get("escalate_at") is not None:
                await self.outbox.schedule_escalation(stream_id, card["id"], int(body["escalate_at"]))
        await store.settle_owed(stream_id, list(owed))
        return len(owed)


async def catch_up(store: CardStore, stream_ids: Iterable[str], notifier: CardNotifier) -> None:
    """Run at start: whatever a card saved just before a crash still owes the outbox is sent now."""
    for stream_id in stream_ids:
        await notifier.relay(store, stream_id)


def unacknowledged(store: CardStore):  # noqa: ANN201 - the Dispatcher's Unacknowledged callable
    async def check(stream_id: str, card_id: str) -> Card | None:
        cards = await store.read_many(stream_id, [card_id])
        card = cards[0] if cards else None
        if card is None or card.superseded_by or card.acknowledged_ts is not None:
            return None
        return None if await store.ack_ts(stream_id, card_id) is not None else card

    return check
