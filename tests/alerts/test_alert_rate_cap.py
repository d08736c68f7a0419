"""The rate cap limits new lesser raises only: sold-outs and updates go out at once, and a storm across 50 SKUs
keeps every product's latest level on the list with the ledger's figures."""

from __future__ import annotations

import asyncio
import json
import random

from redis.asyncio import Redis

from assistant.alerts.delivery import CardHub, card_events
from assistant.alerts.levels import Level
from assistant.alerts.ratecap import ESCALATIONS, WINDOW_MS
from assistant.alerts.settings import AlertSettingsPatch, StreamAlertSettings
from tests.alerts.alert_helpers import Rig, grid_catalog, make_rig
from tests.conftest import ManualClock


async def visible(rig: Rig, stream: str) -> dict[str, dict]:
    return {c.product_id: c.public() for c in await rig.engine.store.list_cards(stream, limit=500)}


async def test_a_storm_keeps_every_products_latest_level_visible_and_caps_only_lesser_raises(
        redis: Redis, clock: ManualClock) -> None:
    catalog = grid_catalog(products=25, skus_per_product=2, on_hand=20)  # 50 SKUs, 1,000 units
    products = [p["id"] for p in catalog["products"]]
    skus = [v["sku"] for p in catalog["products"] for v in p["variants"]]
    rig = await make_rig(redis, clock, catalog, {"storm": products})
    shuffled = random.Random(7)
    left = {sku: 20 for sku in skus}
    while left:  # ~10 orders a second until every SKU is sold out
        sku = shuffled.choice(sorted(left))
        clock.advance(0.1)
        await rig.sell(sku, stream="storm")
        left[sku] -= 1
        if not left[sku]:
            del left[sku]
        if rig.orders % 10 == 0:
            await rig.new_cards()
            shown = await visible(rig, "storm")
            for product in products:  # every product at low or worse has its card, saying its level now
                state = rig.engine.state("storm", product)
                if state.level() >= Level.LOW:
                    assert shown[product]["level"] == state.card_level, product
            for card in shown.values():  # and every figure on the list is the ledger's
                ledger = await rig.sellable(*[v["sku"] for v in card["variants"]])
                assert {v["sku"]: v["sellable"] for v in card["variants"]} == ledger
            for sold_out in (s for s in skus if s not in left):  # sold out in this evaluation: said in it
                variants = {v["sku"]: v for v in shown[sold_out.split("-")[0]]["variants"]}
                assert (variants[sold_out]["sellable"], variants[sold_out]["level"]) == (0, "sold_out")
    await rig.new_cards()
    shown = await visible(rig, "storm")
    assert sorted(shown) == products and {c["level"] for c in shown.values()} == {"sold_out"}

    lesser = sorted(c["raised_ts"] for c in rig.published if c["raised"] and c["level"] not in ESCALATIONS
                    and c["raised_ts"] == c["updated_ts"])
    for index, start in enumerate(lesser):
        assert len([t for t in lesser[index:] if t < start + WINDOW_MS]) <= 6, "more than 6 lesser raises a minute"


async def test_a_burst_sell_out_reaches_the_list_and_the_event_stream_in_the_same_evaluation(
        redis: Redis, clock: ManualClock) -> None:
    catalog = grid_catalog(products=2, skus_per_product=1, on_hand=25)
    rig = await make_rig(redis, clock, catalog, {"live": ["P00", "P01"]}, max_cards_per_minute=1)
    await rig.sell("P01-BLA-M", 21, stream="live")  # low on another product: the minute's one slot is used
    await rig.new_cards()
    hub = CardHub(redis)
    await hub.start()
    events = card_events(hub, rig.engine.store, "live")
    try:
        assert json.loads((await anext(events))["data"])["cards"][0]["product_id"] == "P01"  # the snapshot
        for _ in range(25):
            clock.advance(0.2)
            await rig.sell("P00-BLA-M", stream="live")
        await rig.new_cards()  # one evaluation of the whole burst
        listed = await visible(rig, "live")
        assert listed["P00"]["level"] == "sold_out" and listed["P00"]["variants"][0]["sellable"] == 0
        assert listed["P00"]["raised"] and listed["P01"]["level"] == "low"  # neither hides the other
        pushed = []
        while not any(e.get("card", {}).get("level") == "sold_out" for e in pushed):
            frame = await asyncio.wait_for(anext(events), 10)
            pushed.append(json.loads(frame["data"]))
        counts = [e for e in pushed if e["event"] == "counts"]
        assert counts and counts[0]["skus"]["P00-BLA-M"] == 0  # the live count event leads the card
    finally:
        await events.aclose()
        await hub.close()


async def test_updates_of_shown_cards_are_never_held_back_by_the_cap(redis: Redis, clock: ManualClock) -> None:
    catalog = grid_catalog(products=3, skus_per_product=1, on_hand=100)
    rig = await make_rig(redis, clock, catalog, {"live": ["P00", "P01", "P02"]}, max_cards_per_minute=1)
    await rig.sell("P00-BLA-M", 82, stream="live")  # 18 left: low, raised (the minute's slot)
    [first] = await rig.new_cards()
    await rig.sell("P01-BLA-M", 82, stream="live")  # low too, past the cap: a quiet card, on the list
    [quiet] = await rig.new_cards()
    assert first["raised"] and not quiet["raised"]
    for expected in (17, 16, 15):
        clock.advance(1)
        await rig.sell("P00-BLA-M", stream="live")
        [update] = await rig.new_cards()  # every count change, at once
        assert (update["id"], update["variants"][0]["sellable"], update["raised"]) == (first["id"], expected, True)


async def test_a_cap_raised_on_another_worker_raises_waiting_cards_without_another_order(
        redis: Redis, clock: ManualClock) -> None:
    catalog = grid_catalog(products=3, skus_per_product=1, on_hand=10)
    rig = await make_rig(redis, clock, catalog, {"storm": ["P00", "P01", "P02"]}, max_cards_per_minute=1)
    for product in ("P00", "P01", "P02"):
        clock.advance(1)
        await rig.sell(f"{product}-BLA-M", 8, stream="storm")  # 2 of 10 left: low
        await rig.new_cards()
    assert [(c["product_id"], c["raised"]) for c in rig.published] == [("P00", True), ("P01", False), ("P02", False)]
    other_worker = StreamAlertSettings(redis, rig.engine.settings.defaults)
    await other_worker.update("storm", AlertSettingsPatch(max_cards_per_minute=6))
    clock.advance(1)
    raised = await rig.engine.flush()  # the runner's periodic flush: no order has arrived since
    assert sorted((c.product_id, c.raised) for c in raised) == [("P01", True), ("P02", True)]
    assert rig.engine.ratecap.pending("storm") == []
