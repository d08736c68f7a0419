"""A storm of orders on 50 SKUs: at most N cards a minute per stream, and no sold-out goes unsaid."""

from __future__ import annotations

import random

from redis.asyncio import Redis

from assistant.alerts.ratecap import WINDOW_MS
from assistant.alerts.settings import AlertSettingsPatch, StreamAlertSettings
from tests.alerts.alert_helpers import grid_catalog, make_rig
from tests.conftest import ManualClock


async def test_the_rate_cap_holds_under_a_storm_and_loses_no_sell_out(redis: Redis, clock: ManualClock) -> None:
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
    await rig.new_cards()
    for _ in range(5):  # let the waiting cards out, a minute at a time
        clock.advance(61)
        await rig.engine.flush()
    assert rig.engine.ratecap.pending("storm") == []

    times = sorted(card["updated_ts"] for card in rig.published)
    assert len(times) > 6
    for index, start in enumerate(times):
        in_window = [t for t in times[index:] if t < start + WINDOW_MS]
        assert len(in_window) <= 6, f"{len(in_window)} cards within a minute from {start}"

    said_sold_out: set[str] = set()
    for card in rig.published:
        for entry in [card, *card["merged"]]:
            if entry["level"] == "sold_out":
                said_sold_out |= {v["sku"] for v in entry["variants"] if v["sellable"] == 0}
    assert said_sold_out == set(skus)
    newest = rig.published[-1]
    assert {v["sku"]: v["sellable"] for v in newest["variants"]} == await rig.sellable(
        *[v["sku"] for v in newest["variants"]])


async def test_a_cap_raised_on_another_worker_releases_waiting_cards_without_another_order(
        redis: Redis, clock: ManualClock) -> None:
    catalog = grid_catalog(products=3, skus_per_product=1, on_hand=2)
    rig = await make_rig(redis, clock, catalog, {"storm": ["P00", "P01", "P02"]}, max_cards_per_minute=1)
    for product in ("P00", "P01", "P02"):
        clock.advance(1)
        await rig.sell(f"{product}-BLA-M", 2, stream="storm")
        await rig.new_cards()
    assert [card["product_id"] for card in rig.published] == ["P00"]  # the others wait for the next minute
    other_worker = StreamAlertSettings(redis, rig.engine.settings.defaults)
    await other_worker.update("storm", AlertSettingsPatch(max_cards_per_minute=6))
    rig.engine.settings.max_age_s = 0  # instead of waiting out the (one second) staleness bound
    clock.advance(1)
    await rig.engine.flush()  # the runner's periodic flush: no order has arrived since
    assert sorted(card["product_id"] for card in rig.published) == ["P00", "P01", "P02"]
