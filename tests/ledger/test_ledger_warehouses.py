"""Stock in several warehouses as a buyer and ops notice it: which warehouse ships, regions, holds, counts."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger.answers import OrderAnswer
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.warehouse_setup import by_warehouse, hold, load, order

STOCK = {"TEE-1": [("SH", 10, 2), ("GZ", 5, 0), ("HK", 6, 0)], "SOCK-1": [("SH", 20, 0), ("GZ", 20, 0)]}


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    return await load(redis, clock, **STOCK)


def shipped(answer: OrderAnswer) -> dict[str, list[tuple[str, int]]]:
    return {line.sku: [(a["warehouse"], a["qty"]) for a in line.alloc] for line in answer.lines}


async def test_the_sellable_total_is_the_warehouses_minus_each_ones_safety_stock(ledger: Ledger) -> None:
    stock = (await ledger.read(["TEE-1"]))["TEE-1"]
    assert stock is not None and (stock.on_hand, stock.safety_stock, stock.sellable) == (21, 2, 19)
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (8, 0), "GZ": (5, 0), "HK": (6, 0)}


async def test_equal_priority_goes_to_the_buyers_own_region_then_the_nearest(ledger: Ledger) -> None:
    assert shipped(await ledger.place_order(order("s1", ("TEE-1", 2), region="south"), "api")) == {"TEE-1": [("GZ", 2)]}
    assert shipped(await ledger.place_order(order("e1", ("TEE-1", 2), region="east"), "api")) == {"TEE-1": [("SH", 2)]}
    # north is served by SH and GZ; SH's region is near north, so SH ships
    assert shipped(await ledger.place_order(order("n1", ("TEE-1", 1), region="north"), "api")) == {"TEE-1": [("SH", 1)]}


async def test_a_line_one_warehouse_cannot_fill_goes_whole_to_another_before_it_is_split(ledger: Ledger) -> None:
    # GZ (the south buyer's own) has 5; SH has 8 sellable: SH ships all 6 rather than splitting
    assert shipped(await ledger.place_order(order("o1", ("TEE-1", 6), region="south"), "api")) == {"TEE-1": [("SH", 6)]}
    # now SH 2, GZ 5: 7 only by splitting, own region first
    assert shipped(await ledger.place_order(order("o2", ("TEE-1", 7), region="south"), "api")) == {
        "TEE-1": [("GZ", 5), ("SH", 2)]}
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (0, 0), "GZ": (0, 0), "HK": (6, 0)}


async def test_a_region_counts_only_the_warehouses_serving_it(ledger: Ledger) -> None:
    regional = await ledger.warehouses.regional_sellable(["TEE-1"], region="hk")
    assert regional == {"TEE-1": 6}
    assert (await ledger.warehouses.regional_sellable(["TEE-1"], region="south")) == {"TEE-1": 13}
    with pytest.raises(AppError) as refused:
        await ledger.place_order(order("hk1", ("TEE-1", 7), region="hk"), "api")
    assert (refused.value.code, refused.value.details["available"], refused.value.details["region"]) == (
        "insufficient_stock", 6, "hk")
    with pytest.raises(AppError):  # HK neither serves the south nor splits
        await ledger.place_order(order("s14", ("TEE-1", 14), region="south"), "api")
    assert (await ledger.read(["TEE-1"]))["TEE-1"].sold == 0  # type: ignore[union-attr]


async def test_a_region_refusal_is_remembered_like_any_refusal(ledger: Ledger) -> None:
    """Found by the warehouse model: an order no warehouse serving its region could ship was refused, a
    transfer then brought stock there, and the same order sent again was sold instead of refused again."""
    with pytest.raises(AppError) as refused:  # SOCK-1 is in SH and GZ; only HK serves hk
        await ledger.place_order(order("hk-sock", ("SOCK-1", 1), region="hk"), "api")
    assert refused.value.code == "insufficient_stock"
    await ledger.warehouses.propose_transfer("SOCK-1", "SH", "HK", 3, 1_900_000_000_000, "ops", transfer_id="t1")
    await ledger.warehouses.confirm_transfer("SOCK-1", "t1", "ops")
    await ledger.warehouses.receive_transfer("SOCK-1", "t1", "ops")
    with pytest.raises(AppError) as again:  # the same order again: the first answer, nothing sold
        await ledger.place_order(order("hk-sock", ("SOCK-1", 1), region="hk"), "api")
    assert again.value.code == "insufficient_stock"
    assert (await ledger.read(["SOCK-1"]))["SOCK-1"].sold == 0  # type: ignore[union-attr]
    assert (await ledger.place_order(order("hk-sock-2", ("SOCK-1", 1), region="hk"), "api")).status == "accepted"


async def test_cancelling_gives_each_warehouse_back_its_units(ledger: Ledger) -> None:
    await ledger.place_order(order("o1", ("TEE-1", 7), region="south"), "api")
    await ledger.cancel_order("o1", "ops")
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (8, 0), "GZ": (5, 0), "HK": (6, 0)}


async def test_a_bundle_ships_each_component_from_its_own_warehouses(ledger: Ledger) -> None:
    answer = await ledger.place_order(order("b1", ("SET-1", 3), region="east"), "api")
    assert shipped(answer) == {"TEE-1": [("SH", 3)], "SOCK-1": [("SH", 6)]}


async def test_a_hold_reserves_in_a_warehouse_and_its_expiry_or_confirm_settles_it_there(
        ledger: Ledger, clock: ManualClock) -> None:
    await ledger.place_hold(hold("h1", "TEE-1", 4, region="south"), "api")
    assert (await by_warehouse(ledger, "TEE-1"))["GZ"] == (1, 0)
    clock.advance(61)
    assert (await by_warehouse(ledger, "TEE-1"))["GZ"] == (5, 0)  # the expired hold gave GZ its units back
    await ledger.place_hold(hold("h2", "TEE-1", 4, region="south"), "api")
    answer = await ledger.confirm_hold("h2", "o-h2", "api")
    assert shipped(answer) == {"TEE-1": [("GZ", 4)]}
    figures = {f.warehouse: f for f in (await ledger.warehouses.figures(["TEE-1"]))["TEE-1"]}
    assert (figures["GZ"].sold, figures["GZ"].held, figures["GZ"].sellable) == (4, 0, 1)
    await ledger.cancel_order("o-h2", "ops")
    assert (await by_warehouse(ledger, "TEE-1"))["GZ"] == (5, 0)


async def test_stock_is_counted_and_restocked_per_warehouse(ledger: Ledger) -> None:
    with pytest.raises(AppError) as refused:
        await ledger.correct_count("TEE-1", 3, "ops")
    assert refused.value.code == "warehouse_required"
    await ledger.place_order(order("o1", ("TEE-1", 2), region="south"), "api")
    await ledger.warehouses.adjust("TEE-1", "GZ", "count", 1, "ops", expected=3)  # two were lost
    with pytest.raises(AppError) as stale:
        await ledger.warehouses.adjust("TEE-1", "GZ", "count", 9, "ops", expected=3)
    assert stale.value.code == "stale_count"
    await ledger.warehouses.adjust("TEE-1", "HK", "restock", 4, "ops")
    await ledger.restock("TEE-1", 1, "ops")  # names no warehouse: the first one (SH)
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (9, 0), "GZ": (1, 0), "HK": (10, 0)}
    stock = (await ledger.read(["TEE-1"]))["TEE-1"]
    assert stock is not None and stock.sellable == 20 and stock.on_hand == 26 - 2 + 2 - 2 + 0


async def test_safety_stock_is_held_back_in_each_warehouse(ledger: Ledger) -> None:
    await ledger.warehouses.adjust("TEE-1", "GZ", "safety", 4, "ops")
    with pytest.raises(AppError):
        await ledger.place_order(order("o1", ("TEE-1", 10), region="east"), "api")  # SH 8 + GZ 1
    answer = await ledger.place_order(order("o2", ("TEE-1", 9), region="east"), "api")
    assert shipped(answer) == {"TEE-1": [("SH", 8), ("GZ", 1)]}
    stock = (await ledger.read(["TEE-1"]))["TEE-1"]
    assert stock is not None and stock.sellable == 6 and stock.safety_stock == 6  # HK's 6 only for hk buyers


async def test_a_region_has_its_own_cap_and_buyer_limit(ledger: Ledger) -> None:
    await ledger.set_policy("TEE-1", "flash_cap", 3, "ops", scope="region:south")
    await ledger.set_policy("TEE-1", "region_buyer_limit", 1, "ops", scope="region:east")
    await ledger.place_order(order("s1", ("TEE-1", 3), region="south", buyer="a"), "api")
    with pytest.raises(AppError) as capped:
        await ledger.place_order(order("s2", ("TEE-1", 1), region="south", buyer="b"), "api")
    assert (capped.value.code, capped.value.details["scope"]) == ("flash_cap_reached", "region:south")
    await ledger.place_order(order("e1", ("TEE-1", 1), region="east", buyer="a"), "api")
    with pytest.raises(AppError) as limited:
        await ledger.place_order(order("e2", ("TEE-1", 1), region="east", buyer="a"), "api")
    assert (limited.value.code, limited.value.details["region"]) == ("buyer_limit_exceeded", "east")
    await ledger.cancel_order("s1", "ops")  # the region's cap counts the cancelled units back
    await ledger.place_order(order("s3", ("TEE-1", 3), region="south", buyer="b"), "api")


async def test_buyers_in_different_regions_racing_for_the_last_units_never_oversell_a_warehouse(ledger: Ledger) -> None:
    """19 sellable over three warehouses, 60 buyers from four regions at once: every warehouse ends at or above
    its safety stock, and what each region got is what the warehouses serving it held."""
    import asyncio

    regions = ["south", "east", "hk", "north"]
    orders = [order(f"r{i}", ("TEE-1", 1 + i % 2), region=regions[i % 4], buyer=f"b{i}") for i in range(60)]

    async def place(o):  # type: ignore[no-untyped-def]
        try:
            return await ledger.place_order(o, "api")
        except AppError as error:
            assert error.code == "insufficient_stock"
            return None

    answers = [a for a in await asyncio.gather(*(place(o) for o in orders)) if a]
    figures = (await ledger.warehouses.figures(["TEE-1"]))["TEE-1"]
    assert all(0 <= f.sold <= f.on_hand - f.safety_stock for f in figures)
    sold = sum(f.sold for f in figures)
    assert sold == sum(line.qty for a in answers for line in a.lines) <= 19
    assert {f.warehouse: f.sellable for f in figures}["HK"] == 0  # 15 hk buyers of one unit each took HK's 6
    hk_units = sum(p["qty"] for a in answers for line in a.lines for p in line.alloc if p["warehouse"] == "HK")
    assert hk_units == sum(line.qty for a in answers for line in a.lines
                           if a.order_id in {o.order_id for o in orders if o.region == "hk"})
