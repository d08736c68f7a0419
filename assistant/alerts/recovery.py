"""What survives a restart: what was already said, from the stored cards."""

from __future__ import annotations

from assistant.alerts.card import Card
from assistant.alerts.levels import Level
from assistant.alerts.store import CardStore
from assistant.alerts.tracker import ProductAlertState


def state_from_card(card: Card) -> ProductAlertState:
    # A card stored before cards had raised_ts was raised when last updated.
    raised_ts = card.raised_ts if "raised_ts" in card.model_fields_set else card.updated_ts
    state = ProductAlertState(card_id=card.id, card_level=card.level, card_created_ts=card.created_ts,
                              trend_raised=card.level == "trend", card_raised_ts=raised_ts)
    for variant in card.variants:
        level = Level[(variant.level or "ok").upper()]
        if level >= Level.LOW:
            state.raised[variant.sku] = level
        state.announced[variant.sku] = variant.sellable
    return state


async def said_before(store: CardStore, stream_ids: list[str]) -> dict[tuple[str, str], ProductAlertState]:
    states: dict[tuple[str, str], ProductAlertState] = {}
    for stream_id in stream_ids:
        for product_id, card in (await store.latest_by_product(stream_id)).items():
            states[(stream_id, product_id)] = state_from_card(card)
    return states
