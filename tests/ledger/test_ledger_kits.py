"""Packing pre-packed kits from their components and unpacking unsold kits, as ops notice it (issue 17)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger.models import HoldRequest, OrderLine
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.bundle_setup import gift_set_ledger, order, sellable
from tests.ledger.warehouse_setup import REGIONS, WAREHOUSES, by_warehouse


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    return await gift_set_ledger(redis, clock)


async def kit_moves(ledger: Ledger) -> list[tuple[str, str, str]]:
    return [(m["type"], m["sku"], m["qty"]) for _, m in await ledger.movements() if m["type"] in ("pack", "unpack")]


async def test_packing_kits_takes_the_components_and_adds_to_the_kits_count(ledger: Ledger) -> None:
    answer = await ledger.kits.pack("GIFT-PACK", 3, "ops", op_id="pack-1")
    assert (answer.action, answer.qty, answer.sellable, answer.http_status) == ("pack", 3, 7, 200)
    assert [(c.sku, c.qty, c.sellable) for c in answer.components] == [("CL-1", 3, 6), ("SM-1", 3, 4)]
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (7, 6, 4)
    again = await ledger.kits.pack("GIFT-PACK", 3, "ops", op_id="pack-1")  # the same op sent twice
    assert again.replayed and again.sellable == 7 and await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (7, 6, 4)
    assert await kit_moves(ledger) == [("pack", "CL-1", "-3"), ("pack", "SM-1", "-3"), ("pack", "GIFT-PACK", "3")]


async def test_a_pack_a_component_cannot_cover_takes_nothing(ledger: Ledger) -> None:
    with pytest.raises(AppError) as short:
        await ledger.kits.pack("GIFT-PACK", 8, "ops")  # 7 samples
    assert (short.value.code, short.value.details["sku"], short.value.details["available"]) == (
        "insufficient_stock", "SM-1", 7)
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (4, 9, 7) and await kit_moves(ledger) == []


async def test_safety_stock_sold_and_held_units_are_never_packed(ledger: Ledger) -> None:
    await ledger.restock("SM-1", 10, "ops")  # 17 samples: the cleanser's 9 sellable limit now
    with pytest.raises(AppError) as safety:
        await ledger.kits.pack("GIFT-PACK", 10, "ops")  # 10 cleansers on hand, 1 of them safety stock
    assert (safety.value.details["sku"], safety.value.details["available"]) == ("CL-1", 9)
    await ledger.place_order(order("sold-cl", ("CL-1", 2)), "api")
    await ledger.place_hold(HoldRequest(hold_id="h1", channel="douyin", buyer_id="b", ttl_seconds=60,
                                        lines=[OrderLine(sku="CL-1", qty=3)]), "api")
    with pytest.raises(AppError) as busy:
        await ledger.kits.pack("GIFT-PACK", 5, "ops")
    assert busy.value.details["available"] == 4  # 9 - 2 sold - 3 held
    assert (await ledger.kits.pack("GIFT-PACK", 4, "ops")).sellable == 8
    stock = (await ledger.read(["CL-1"]))["CL-1"]
    assert stock is not None and (stock.sellable, stock.safety_stock, stock.sold, stock.held) == (0, 1, 2, 3)


async def test_unpacking_gives_unsold_kits_back_to_the_components(ledger: Ledger) -> None:
    await ledger.place_order(order("kits", ("GIFT-PACK", 3)), "api")  # 1 unsold kit left
    with pytest.raises(AppError) as sold:
        await ledger.kits.unpack("GIFT-PACK", 2, "ops")
    assert (sold.value.code, sold.value.details["available"]) == ("insufficient_stock", 1)
    answer = await ledger.kits.unpack("GIFT-PACK", 1, "ops", reason="show over")
    assert (answer.action, answer.sellable) == ("unpack", 0)
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (0, 10, 8)
    await ledger.cancel_order("kits", "ops")  # cancelled kits come back as kits, not as loose units
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (3, 10, 8)


@pytest.mark.parametrize(("bundle", "qty", "status", "code"), [
    ("GIFT-1", 1, 409, "not_prepacked"), ("NOPE", 1, 404, "unknown_bundle"), ("GIFT-PACK", 0, 422, "invalid_qty")])
async def test_a_bad_pack_is_refused_naming_what_is_wrong(ledger: Ledger, bundle: str, qty: int, status: int,
                                                          code: str) -> None:
    with pytest.raises(AppError) as refused:
        await ledger.kits.pack(bundle, qty, "ops")
    assert (refused.value.status_code, refused.value.code) == (status, code)
    assert await sellable(ledger, "GIFT-PACK", "CL-1", "SM-1") == (4, 9, 7)


KIT_SHOP = {"warehouses": WAREHOUSES, "regions": REGIONS, "products": [
    {"id": "CL", "name": {"zh": "洁面乳"}, "variants": [
        {"sku": "CL-1", "stock": [{"warehouse": "SH", "on_hand": 10}, {"warehouse": "GZ", "on_hand": 3}]}]},
    {"id": "SM", "name": {"zh": "小样"}, "variants": [
        {"sku": "SM-1", "stock": [{"warehouse": "SH", "on_hand": 10}, {"warehouse": "GZ", "on_hand": 8}]}]},
    {"id": "KIT", "name": {"zh": "礼盒"}, "variants": [
        {"sku": "KIT-1", "prepacked": True, "stock": [{"warehouse": "SH", "on_hand": 1}],
         "components": [{"sku": "CL-1", "qty": 1}, {"sku": "SM-1", "qty": 2}]}]},
]}


async def test_kits_are_packed_at_one_warehouse_from_its_own_units(redis: Redis, clock: ManualClock) -> None:
    from assistant.catalog.service import CatalogService

    ledger = Ledger(redis, clock=clock)
    await CatalogService(redis, ledger).load(KIT_SHOP, actor="ops", reset_stock=True)
    with pytest.raises(AppError) as short:
        await ledger.kits.pack("KIT-1", 4, "ops", warehouse="GZ")  # GZ has 3 cleansers (SH's 10 do not count)
    assert (short.value.details["sku"], short.value.details["warehouse"]) == ("CL-1", "GZ")
    await ledger.kits.pack("KIT-1", 3, "ops", warehouse="GZ")
    assert await by_warehouse(ledger, "CL-1") == {"SH": (10, 0), "GZ": (0, 0)}
    assert await by_warehouse(ledger, "SM-1") == {"SH": (10, 0), "GZ": (2, 0)}
    assert await by_warehouse(ledger, "KIT-1") == {"SH": (1, 0), "GZ": (3, 0)}  # GZ opened for the kit
    sold = await ledger.place_order(order("south", ("KIT-1", 2)).model_copy(update={"region": "south"}), "api")
    assert sold.lines[0].alloc == [{"warehouse": "GZ", "qty": 2}]
    await ledger.kits.unpack("KIT-1", 1, "ops")  # naming no warehouse: the kit's first (SH)
    assert await by_warehouse(ledger, "KIT-1") == {"SH": (0, 0), "GZ": (1, 0)}
    assert await by_warehouse(ledger, "SM-1") == {"SH": (12, 0), "GZ": (2, 0)}


async def test_packing_and_selling_the_last_samples_at_once_never_oversells(ledger: Ledger) -> None:
    """Sample buyers and packers race over 7 samples: whatever wins, every sample is sold or packed once."""
    async def attempt(call: Any) -> int:
        try:
            await call
        except AppError as error:
            assert error.code == "insufficient_stock"
            return 0
        return 1

    packs = [ledger.kits.pack("GIFT-PACK", 2, "ops", op_id=f"p{i}") for i in range(4)]
    sales = [ledger.place_order(order(f"s{i}", ("SM-1", 1), buyer=f"s{i}"), "api") for i in range(6)]
    won = await asyncio.gather(*(attempt(c) for c in [*packs, *sales]))
    packed, sold = 2 * sum(won[:4]), sum(won[4:])
    stock = (await ledger.read(["SM-1"]))["SM-1"]
    assert stock is not None and packed + sold <= 7 and stock.sold == sold
    assert stock.on_hand == 7 - packed and stock.sellable == 7 - packed - sold >= 0
    assert await sellable(ledger, "GIFT-PACK") == (4 + packed,)  # one sample per kit
