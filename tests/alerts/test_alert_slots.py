"""One card per product and slot, decided by the server: a waitlist card replaces the engine's back-in-stock
card of the same return whichever is saved first, and the page is told what each card replaces."""

from __future__ import annotations

import asyncio
import json

from redis.asyncio import Redis

from assistant.alerts.card import Card
from assistant.alerts.live import by_severity
from assistant.alerts.slots import STOCK, waitlist_slot
from assistant.alerts.store import CardStore, events_channel

STREAM = "slot-room"


def _card(card_id: str, level: str, ts: int, *, sku: str = "P-BLK-L", movement: str = "1-0",
          slot: str = STOCK) -> Card:
    variant = {"sku": sku, "colour": None, "size": None, "sellable": 10, "status": "in_stock", "level": "ok",
               "label_zh": sku, "label_en": sku, "velocity_per_min": 0.0, "sellout_minutes": None}
    action = {"kind": "none", "text_zh": "", "text_en": "", "alternative": None, "restock": None}
    return Card.model_validate({
        "id": card_id, "stream_id": STREAM, "product_id": "P", "slot": slot, "level": level, "name": {"zh": "P"},
        "variants": [variant], "line_zh": "", "line_en": "", "action": action, "facts": {},
        "trigger": {"sku": sku, "movement_id": movement, "ts": ts}, "created_ts": ts, "updated_ts": ts})


def _waitlist(card_id: str, ts: int, *, sku: str = "P-BLK-L", movement: str = "1-0") -> Card:
    return _card(card_id, "waitlist", ts, sku=sku, movement=movement, slot=waitlist_slot(sku))


async def _shown(store: CardStore) -> list[str]:
    return sorted(c.id for c in await store.list_cards(STREAM))


async def test_a_waitlist_card_saved_after_the_back_in_stock_card_replaces_it(redis: Redis) -> None:
    store = CardStore(redis)
    await store.save(_card("sold", "sold_out", 1_000))
    back = await store.save(_card("back", "back_in_stock", 2_000), supersede=["sold"])
    assert back.supersedes == ["sold"] and back.superseded_by is None
    wait = await store.save(_waitlist("wait", 2_050))
    assert wait.supersedes == ["back"]
    assert await _shown(store) == ["wait"]


async def test_a_back_in_stock_card_saved_after_the_waitlist_card_of_its_return_is_never_shown(redis: Redis) -> None:
    store = CardStore(redis)
    await store.save(_card("sold", "sold_out", 1_000))
    await store.save(_waitlist("wait", 2_000))
    back = await store.save(_card("back", "back_in_stock", 2_010), supersede=["sold"])
    assert back.superseded_by == "wait" and back.supersedes == ["sold"]
    assert await _shown(store) == ["wait"]
    again = await store.save(_card("back", "back_in_stock", 2_010).model_copy(update={"updated_ts": 3_000}))  # figures update
    assert again.superseded_by == "wait" and await _shown(store) == ["wait"]
    low = await store.save(_card("low", "low", 60_000, movement="9-0"), supersede=["back"])  # later news: shown
    assert low.superseded_by is None and await _shown(store) == ["low", "wait"]


async def test_other_variants_and_other_returns_keep_their_own_cards(redis: Redis) -> None:
    store = CardStore(redis)
    await store.save(_card("back", "back_in_stock", 2_000))
    await store.save(_waitlist("wait-grey", 2_000, sku="P-GRY-M"))  # another variant's waiters
    assert await _shown(store) == ["back", "wait-grey"]
    await store.save(_waitlist("wait-black", 2_000))
    assert await _shown(store) == ["wait-black", "wait-grey"]  # one waitlist card per variant, side by side
    await store.save(_waitlist("wait-black-2", 900_000, movement="5-0"))  # the next return of that variant
    assert await _shown(store) == ["wait-black-2", "wait-grey"]
    # An engine back-in-stock card of a later return (no waitlist card of its own yet) is shown.
    later = await store.save(_card("back-2", "back_in_stock", 2_000_000, movement="7-0"), supersede=["back"])
    assert later.superseded_by is None and "back-2" in await _shown(store)


async def test_the_card_event_tells_the_page_what_it_replaces(redis: Redis) -> None:
    store = CardStore(redis)
    pubsub = redis.pubsub()
    await pubsub.subscribe(events_channel(STREAM))
    await store.save(_card("back", "back_in_stock", 2_000))
    await store.save(_waitlist("wait", 2_050))
    await store.save(_card("back", "back_in_stock", 2_000).model_copy(update={"updated_ts": 2_100}))
    events = []
    while len(events) < 3:
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5.0)
        if message is not None:
            events.append(json.loads(message["data"]))
        await asyncio.sleep(0)
    await pubsub.aclose()
    assert [(e["card"]["id"], e["supersedes"], e["superseded_by"]) for e in events] == [
        ("back", [], None), ("wait", ["back"], None), ("back", [], "wait")]


def test_a_waitlist_card_ranks_with_the_back_in_stock_card_it_replaces() -> None:
    trend, waiting = _card("trend", "trend", 5_000), _waitlist("wait", 1_000)
    low = _card("low", "low", 500)
    assert [c.id for c in by_severity([trend, waiting, low])] == ["low", "wait", "trend"]


async def test_a_stored_card_reads_back_as_the_card_that_was_saved(redis: Redis) -> None:
    store = CardStore(redis)
    saved = _card("sold", "sold_out", 1_000)
    await store.save(saved)
    [read] = await store.list_cards(STREAM)
    assert isinstance(read, Card) and read == saved
    assert read.variants[0].sellable == 10 and read.public()["variants"][0]["sku"] == "P-BLK-L"
