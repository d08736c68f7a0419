"""Scripted order streams through the real ledger and the engine, on the controllable clock."""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.alerts.levels import Level, classify_sku, trend_rising
from assistant.alerts.phrasing import guard_line
from assistant.alerts.settings import AlertSettings
from assistant.alerts.velocity import SalesCounter, Velocity, VelocityBook
from tests.alerts.alert_helpers import Rig, first_cards_by_level, grid_catalog, make_rig, sample_catalog
from tests.conftest import ManualClock

LINEUP = ["HD-101", "HD-102", "DR-201", "DR-202", "JN-301", "SN-401", "SN-402", "LP-501", "MK-601", "DJ-701"]


@pytest.fixture
async def rig(redis: Redis, clock: ManualClock) -> Rig:
    return await make_rig(redis, clock, sample_catalog(), {"demo-live": LINEUP})


async def burst(rig: Rig, sku: str, *, every_s: float, until_sellable: int = 0) -> list[dict[str, Any]]:
    """One unit per order every `every_s` seconds; the engine catches up after each order."""
    published: list[dict[str, Any]] = []
    while (await rig.sellable(sku))[sku] > until_sellable:
        rig.clock.advance(every_s)
        await rig.sell(sku, stream="demo-live")
        for card in await rig.new_cards():
            await assert_figures_are_the_ledgers(rig, card)
            published.append(card)
    return published


async def assert_figures_are_the_ledgers(rig: Rig, card: dict[str, Any]) -> None:
    skus = [v["sku"] for v in card["variants"]]
    now = await rig.sellable(*skus)
    assert {v["sku"]: v["sellable"] for v in card["variants"]} == now
    assert guard_line(card["line_zh"], card["facts"]) and guard_line(card["line_en"], card["facts"])
    assert card["line_zh"] and card["line_en"] and card["action"]["text_zh"] and card["action"]["text_en"]


def test_the_counter_answers_windows_from_running_totals() -> None:
    counter = SalesCounter()
    for second in range(0, 600, 10):
        counter.record(second * 1000, 2, 2)
    window = counter.window(300_000, 600_000)  # (since, until]: the sale at 300 s is the window before
    assert (window.units, window.orders, window.active_seconds, window.span_s) == (58, 29, 29, 280)
    assert counter.window(-1, 600_000).units == counter.total[0] == 120
    counter.record(5_000, 1, 1)  # a late write counts in the newest bucket
    assert counter.window(-1, 600_000).units == 121


def test_velocity_is_smoothed_and_never_overstated_early() -> None:
    book = VelocityBook()
    for n in range(8):  # eight orders of 1, ten seconds apart
        book.record_sale("A", "P", 1, 10_000 + n * 10_000)
    speed = book.of_sku("A", 80_000)
    assert speed.per_min == pytest.approx((6 + 8 / 5) / 2) and speed.confidence == "medium"
    assert speed.sellout_minutes(12) == pytest.approx(12 / speed.per_min)
    assert book.of_product("P", 80_000).units_recent == 8
    assert book.of_sku("unknown", 10_000).sellout_minutes(5) is None


def test_one_bulk_order_or_one_burst_second_predicts_no_sell_out() -> None:
    bulk = VelocityBook()
    bulk.record_sale("A", "P", 60, 10_000)
    speed = bulk.of_sku("A", 10_000)
    assert speed.units_recent == 60 and speed.per_min == pytest.approx((5 + 5 / 5) / 2)  # clipped to 5
    assert speed.confidence == "low" and speed.sellout_minutes(30) is None
    burst = VelocityBook()
    for n in range(11):  # eleven orders inside one second
        burst.record_sale("A", "P", 1, 10_000 + n * 50)
    assert burst.of_sku("A", 11_000).sellout_minutes(20) is None
    settings = AlertSettings()
    assert classify_sku(100, 300, None, burst.of_sku("A", 11_000), settings).level == Level.OK


def test_levels_follow_the_thresholds() -> None:
    settings = AlertSettings()
    idle = Velocity(0.0, 0, 0, 0.0, "none", "none")
    assert classify_sku(50, 100, None, idle, settings).level == Level.OK
    assert classify_sku(20, 100, None, idle, settings).level == Level.LOW
    assert classify_sku(10, 100, None, idle, settings).level == Level.CRITICAL
    assert classify_sku(0, 100, None, idle, settings).level == Level.SOLD_OUT
    busy = Velocity(per_min=6.0, units_recent=30, units_before=5, run_rate_per_min=1.0)
    assert classify_sku(59, 100, None, busy, settings).level == Level.CRITICAL  # sells out in < 10 min
    assert trend_rising(busy, settings) and not trend_rising(Velocity(2, 9, 0, 1), settings)


def test_reorder_levels_fire_at_150_100_and_50_percent_of_the_reorder_point() -> None:
    settings = AlertSettings()
    pace = Velocity(0.1, 1, 0, run_rate_per_min=1.0)  # 60 an hour, trusted
    # 60/h x 10 h lead x 1.25 buffer: the reorder point is 750.
    tiers = {units: classify_sku(units, 5000, 10, pace, settings).replenishment.tier
             for units in (1126, 1125, 751, 750, 376, 375)}
    assert tiers == {1126: None, 1125: "yellow", 751: "yellow", 750: "orange", 376: "orange", 375: "red"}
    plan = classify_sku(750, 5000, 10, pace, settings).replenishment
    assert plan.reorder_point == 750 and plan.cover_hours == pytest.approx(12.5)
    assert plan.suggested_qty == 60 * 10 * 2.25 - 750  # two lead times plus the buffer, less the position
    assert classify_sku(1125, 5000, 10, pace, settings).level == Level.LOW  # yellow is a low card
    # Units on the way count in the position: a shipment covering the gap takes the SKU out of the tiers.
    assert classify_sku(375, 5000, 10, pace, settings, incoming=1000).replenishment.tier is None
    cross_border = classify_sku(750, 5000, 240, pace, settings.model_copy(update={"cross_border_buffer": 0.3}))
    assert cross_border.replenishment.reorder_point == 60 * 240 * 1.3 and cross_border.replenishment.buffer == 0.3
    thin = Velocity(0.1, 1, 0, 1.0, "low", "low")  # one bulk order: no plan from it
    assert classify_sku(375, 5000, 10, thin, settings).replenishment.tier is None


async def test_a_steady_trickle_without_a_restock_lead_time_raises_no_card(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, grid_catalog(products=1, skus_per_product=1, on_hand=200), {"live": ["P00"]})
    for _ in range(20):  # one unit a minute for twenty minutes, 200 to sell
        rig.clock.advance(60)
        await rig.sell("P00-BLA-M", stream="live")
        assert await rig.new_cards() == []


async def test_a_240_hour_lead_time_raises_low_days_ahead(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, grid_catalog(products=1, skus_per_product=1, on_hand=2000, lead_hours=240),
                         {"live": ["P00"]})
    cards: list[dict[str, Any]] = []
    while not cards:  # one unit a minute: 60 an hour; 240 h x 60 x 1.25 is far above 2,000
        rig.clock.advance(60)
        await rig.sell("P00-BLA-M", stream="live")
        cards = await rig.new_cards()
    [card] = cards
    head = card["variants"][0]
    assert card["level"] == "low" and head["sellable"] > 1900  # nowhere near the 20 % level
    plan = head["replenishment"]
    assert plan["tier"] == "red" and plan["lead_hours"] == 240 and plan["cover_days"] > 1
    # The pace divides by the whole 15 min window, so early on it is under-stated, never over-stated.
    assert plan["suggested_qty"] > 0 and plan["reorder_point"] == pytest.approx(plan["per_hour"] * 240 * 1.25, abs=40)
    assert "最后" not in card["line_zh"] and "天" in card["line_zh"]  # many left: days of cover, no scarcity


async def test_a_burst_raises_trend_low_critical_sold_out_once_each(rig: Rig) -> None:
    published = await burst(rig, "HD-101-BLK-L", every_s=15)
    levels = first_cards_by_level(published)
    # 4 a minute against a 72 h restock: the reorder point is reached once the pace is trusted, so the first
    # card is low (and a trend card would only repeat it).
    assert list(levels) == ["low", "critical", "sold_out"]
    assert all(len(ids) == 1 for ids in levels.values()), levels
    sold_out = next(c for c in published if c["level"] == "sold_out")
    head = sold_out["variants"][0]
    assert (head["sku"], head["sellable"], head["status"]) == ("HD-101-BLK-L", 0, "sold_out")
    # Same size, another colour: grey L has 66 to sell.
    assert sold_out["action"]["kind"] == "switch_variant"
    assert sold_out["action"]["alternative"]["sku"] == "HD-101-GRY-L"
    assert "灰色L" in sold_out["action"]["text_zh"] and "66" in sold_out["action"]["text_zh"]
    critical = next(c for c in published if c["level"] == "critical")
    assert critical["velocity_per_min"] > 0 and critical["sellout_minutes"] is not None
    assert critical["action"]["kind"] == "push_remaining"


async def test_a_restock_says_back_in_stock_and_re_arms(rig: Rig) -> None:
    await burst(rig, "HD-101-BLK-L", every_s=15)
    rig.clock.advance(20 * 60)  # the burst's pace has left every window
    await rig.ledger.restock("HD-101-BLK-L", 100, "ops")
    back = await rig.new_cards()
    assert [c["level"] for c in back] == ["back_in_stock"]
    assert back[0]["variants"][0]["sellable"] == 100 and back[0]["action"]["kind"] == "announce_back"
    again = await burst(rig, "HD-101-BLK-L", every_s=15)
    assert list(first_cards_by_level(again)) == ["back_in_stock", "low", "critical", "sold_out"]  # re-armed


async def test_cancellations_bring_it_back_only_when_it_matters(rig: Rig) -> None:
    orders = [await rig.sell("DR-201-WHT-L", stream="demo-live") for _ in range(5)]
    assert [c["level"] for c in await rig.new_cards()][-1] == "sold_out"
    await rig.ledger.cancel_order(orders[0], "ops")
    await rig.ledger.cancel_order(orders[1], "ops")
    assert await rig.new_cards() == []  # two units: below back_in_stock_min_units (3)
    await rig.ledger.cancel_order(orders[2], "ops")
    assert [c["level"] for c in await rig.new_cards()] == ["back_in_stock"]


async def test_products_off_the_lineup_raise_nothing(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, sample_catalog(), {"other": ["HD-102"]})
    for _ in range(5):
        await rig.sell("DR-201-WHT-L")
    assert await rig.new_cards() == []


async def test_incoming_stock_is_announced_when_nothing_else_is_in_stock(rig: Rig) -> None:
    eta = int(rig.clock()) + 3 * 3600 * 1000
    await rig.ledger.add_incoming("MK-601", "ship-1", 500, eta, "ops")
    await rig.ledger.correct_count("MK-601", 251, "ops")  # 1 sellable above the safety stock of 250
    await rig.new_cards()
    await rig.sell("MK-601", stream="demo-live")
    card = (await rig.new_cards())[-1]
    assert card["level"] == "sold_out" and card["action"]["kind"] == "announce_restock"
    assert card["action"]["restock"]["qty"] == 500 and "3" in card["action"]["text_zh"]


async def test_a_bulk_order_of_60_or_11_orders_in_a_second_claim_no_sell_out_within_10_min(rig: Rig) -> None:
    rig.clock.advance(1)
    await rig.sell("HD-101-BLK-L", 60, stream="demo-live")  # one buyer, 54 of 114 left
    for n in range(11):  # eleven buyers inside one second on another SKU: 60 of 71 left
        rig.clock.advance(0.05)
        await rig.sell("HD-102-BLK-XL", 1 if n else 15, stream="demo-live")
    cards = await rig.new_cards()
    for card in cards:
        assert card["level"] != "critical", card["line_zh"]
        assert all(v["sellout_minutes"] in (None, 0) for v in card["variants"])
        assert "分钟售罄" not in card["line_zh"] and "min at this pace" not in card["line_en"]
    speed = rig.engine.velocity.of_sku("HD-101-BLK-L", rig.engine.now_ms)
    assert speed.units_recent == 60 and speed.sellout_minutes(54) is None and speed.confidence == "low"
