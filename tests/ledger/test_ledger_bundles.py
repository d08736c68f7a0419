"""Bundles as a buyer and ops notice them: a gift set sells as its components, all or nothing, on a real Redis."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger.layout import limiting_component
from assistant.ledger.models import OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.bundle_setup import gift_set_ledger, order, sellable


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    return await gift_set_ledger(redis, clock)


async def test_an_assembled_bundle_is_as_sellable_as_its_scarcest_component(ledger: Ledger) -> None:
    # cleanser 9 sellable (10 - safety 1) allows 9 sets, samples 7 allow 3: three sets.
    assert await sellable(ledger, "GIFT-1", "CL-1", "SM-1") == (3, 9, 7)
    await ledger.place_order(order("single-sm", ("SM-1", 2)), "api")
    assert await sellable(ledger, "GIFT-1") == (2,)


async def test_selling_a_bundle_takes_every_component_and_cancelling_puts_them_back(ledger: Ledger) -> None:
    answer = await ledger.place_order(order("g1", ("GIFT-1", 2)), "api")
    assert {(line.sku, line.qty) for line in answer.lines} == {("CL-1", 2), ("SM-1", 4)}
    assert await sellable(ledger, "GIFT-1", "CL-1", "SM-1") == (1, 7, 3)
    await ledger.cancel_order("g1", "ops")
    assert await sellable(ledger, "GIFT-1", "CL-1", "SM-1") == (3, 9, 7)


async def test_a_bundle_short_of_one_component_takes_nothing(ledger: Ledger) -> None:
    with pytest.raises(AppError) as refused:
        await ledger.place_order(order("g2", ("GIFT-1", 4)), "api")
    assert (refused.value.code, refused.value.details["sku"]) == ("insufficient_stock", "SM-1")
    assert await sellable(ledger, "CL-1", "SM-1") == (9, 7)


async def test_a_bundle_and_its_component_in_one_order_count_the_component_once(ledger: Ledger) -> None:
    await ledger.place_order(order("mix", ("GIFT-1", 1), ("SM-1", 5)), "api")  # 2 + 5 samples = all 7
    assert await sellable(ledger, "SM-1", "GIFT-1") == (0, 0)


async def test_a_prepacked_bundle_sells_from_its_own_count_and_leaves_the_loose_units(ledger: Ledger) -> None:
    await ledger.place_order(order("p1", ("GIFT-PACK", 3)), "api")
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (1, 9, 7)
    with pytest.raises(AppError):
        await ledger.place_order(order("p2", ("GIFT-PACK", 2)), "api")


async def test_the_limiting_component_names_the_starving_part(ledger: Ledger) -> None:
    stocks = await ledger.read(["CL-1", "SM-1"])
    assert limiting_component(ledger.layout.bundles["GIFT-1"], stocks) == ("SM-1", 3)


async def test_bundles_and_components_racing_for_the_last_units_never_oversell(ledger: Ledger) -> None:
    """Bundle buyers and sample buyers race over 7 samples: whatever wins, no sample is sold twice."""
    orders = [order(f"b{i}", ("GIFT-1", 1), buyer=f"b{i}") for i in range(12)]
    orders += [order(f"s{i}", ("SM-1", 1), buyer=f"s{i}") for i in range(12)]

    async def place(o: OrderRequest) -> list[tuple[str, int]]:
        try:
            answer = await ledger.place_order(o, "api")
        except AppError as error:
            assert error.code == "insufficient_stock"
            return []
        return [(line.sku, line.qty) for line in answer.lines]

    sold = [line for lines in await asyncio.gather(*(place(o) for o in orders)) for line in lines]
    samples = sum(q for sku, q in sold if sku == "SM-1")
    assert samples == 7  # every sample sold once, none twice
    stocks = await ledger.read(["SM-1", "CL-1"])
    assert stocks["SM-1"] and stocks["SM-1"].sold == 7 and stocks["SM-1"].sellable == 0
    assert stocks["CL-1"] and stocks["CL-1"].sold == sum(q for sku, q in sold if sku == "CL-1") <= 9
