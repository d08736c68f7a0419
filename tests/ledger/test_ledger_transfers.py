"""Transfers between warehouses as ops notice them: propose, confirm (units leave at once), arrive, cancel."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger.answers import TransferAnswer, WarehouseStockAnswer
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.warehouse_setup import by_warehouse, load, order

ETA = 1_800_000_000_000 + 6 * 3600_000


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    return await load(redis, clock, **{"TEE-1": [("SH", 30, 2), ("GZ", 0, 0)], "SOCK-1": [("SH", 5, 0)]})


async def units(ledger: Ledger) -> int:
    """Every unit the shop owns of TEE-1: shelves (not yet sold) plus on the road."""
    figures = (await ledger.warehouses.figures(["TEE-1"]))["TEE-1"]
    return sum(f.stock + f.incoming for f in figures)


async def test_a_confirmed_transfer_leaves_at_once_and_arrives_as_incoming_with_its_eta(ledger: Ledger) -> None:
    proposed = await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 20, ETA, "ops", transfer_id="t1")
    assert proposed.status == "proposed"
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (28, 0), "GZ": (0, 0)}  # a proposal moves nothing
    await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (8, 0), "GZ": (0, 20)}
    stock = (await ledger.read(["TEE-1"]))["TEE-1"]
    assert stock is not None and (stock.sellable, stock.incoming) == (8, 20)
    shipments = (await ledger.incoming(["TEE-1"]))["TEE-1"]  # what the alert engine and cover maths read
    assert [(s["shipment_id"], s["qty"], s["eta_ms"], s["warehouse"]) for s in shipments] == [("xfer-t1", 20, ETA, "GZ")]
    assert await units(ledger) == 30
    await ledger.warehouses.receive_transfer("TEE-1", "t1", "ops")
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (8, 0), "GZ": (20, 0)}
    assert (await ledger.incoming(["TEE-1"]))["TEE-1"] == []
    assert await units(ledger) == 30


async def test_cancelling_in_transit_puts_the_units_back_at_the_source(ledger: Ledger) -> None:
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 10, ETA, "ops", transfer_id="t1")
    await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")
    cancelled = await ledger.warehouses.cancel_transfer("TEE-1", "t1", "ops", "truck broke down")
    assert cancelled.status == "cancelled"
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (28, 0), "GZ": (0, 0)}
    again = await ledger.warehouses.cancel_transfer("TEE-1", "t1", "ops")
    assert again.status == "cancelled" and await by_warehouse(ledger, "TEE-1") == {"SH": (28, 0), "GZ": (0, 0)}
    with pytest.raises(AppError) as refused:
        await ledger.warehouses.receive_transfer("TEE-1", "t1", "ops")
    assert refused.value.code == "transfer_not_in_transit"


async def test_a_transfer_never_takes_sold_held_or_safety_units(ledger: Ledger) -> None:
    await ledger.place_order(order("o1", ("TEE-1", 20), region="east"), "api")
    with pytest.raises(AppError) as refused:
        await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 9, ETA, "ops", transfer_id="t1")
    assert (refused.value.code, refused.value.details["available"]) == ("insufficient_stock", 8)
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 8, ETA, "ops", transfer_id="t2")
    await ledger.place_order(order("o2", ("TEE-1", 1), region="east"), "api")  # sold after the proposal
    with pytest.raises(AppError) as late:
        await ledger.warehouses.confirm_transfer("TEE-1", "t2", "ops")
    assert (late.value.code, late.value.details["available"]) == ("insufficient_stock", 7)
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (7, 0), "GZ": (0, 0)}  # nothing moved


async def test_a_confirm_sent_twice_moves_the_units_once(ledger: Ledger) -> None:
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 5, ETA, "ops", transfer_id="t1")
    first = await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops", op_id="k1")
    again = await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops", op_id="k1")
    assert first == again and await by_warehouse(ledger, "TEE-1") == {"SH": (23, 0), "GZ": (0, 5)}
    with pytest.raises(AppError) as other:  # another confirm of an in-transit transfer is refused, moves nothing
        await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops", op_id="k2")
    assert other.value.code == "transfer_not_proposed"


async def test_arrived_units_sell_from_the_destination(ledger: Ledger) -> None:
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 10, ETA, "ops", transfer_id="t1")
    await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")
    await ledger.warehouses.receive_transfer("TEE-1", "t1", "ops")
    answer = await ledger.place_order(order("s1", ("TEE-1", 4), region="south"), "api")
    assert answer.lines[0].alloc == [{"warehouse": "GZ", "qty": 4}]


@pytest.mark.parametrize(("source", "target", "qty", "code"), [
    ("SH", "SH", 1, "same_warehouse"), ("SH", "BJ", 1, "unknown_warehouse"), ("SH", "GZ", 0, "invalid_qty")])
async def test_a_bad_transfer_is_refused_naming_what_is_wrong(ledger: Ledger, source: str, target: str, qty: int,
                                                              code: str) -> None:
    with pytest.raises(AppError) as refused:
        await ledger.warehouses.propose_transfer("TEE-1", source, target, qty, ETA, "ops")
    assert (refused.value.status_code, refused.value.code) == (422, code)


async def test_warehouse_and_transfer_verbs_answer_their_own_types(ledger: Ledger) -> None:
    restocked = await ledger.warehouses.adjust("TEE-1", "SH", "restock", 4, "ops", op_id="r1")
    assert isinstance(restocked, WarehouseStockAnswer)
    assert (restocked.warehouse, restocked.restocked, restocked.available, restocked.sellable) == ("SH", 4, 32, 32)
    proposed = await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 5, ETA, "ops", transfer_id="t1",
                                                        op_id="p1")
    assert isinstance(proposed, TransferAnswer) and proposed.http_status == 201 and not proposed.replayed
    assert (proposed.source, proposed.to, proposed.qty, proposed.eta_ms) == ("SH", "GZ", 5, ETA)
    assert proposed.model_dump()["from"] == "SH"  # its JSON name, for ops answers as for the API
    again = await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 5, ETA, "ops", transfer_id="t1",
                                                     op_id="p1")
    assert again == proposed and again.replayed
    confirmed = await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")
    assert isinstance(confirmed, TransferAnswer) and confirmed.status == "in_transit"


async def test_a_stale_proposal_is_refused_when_confirmed_after_it_expired(ledger: Ledger, clock: ManualClock) -> None:
    expires = int(clock()) + 600_000
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 10, ETA, "ops", transfer_id="t1", expires_ms=expires)
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 3, ETA, "ops", transfer_id="t2", expires_ms=expires)
    await ledger.warehouses.confirm_transfer("TEE-1", "t2", "ops")  # in time
    clock.advance(3600)  # an hour later
    with pytest.raises(AppError) as stale:
        await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")
    assert (stale.value.status_code, stale.value.code) == (409, "transfer_expired")
    assert "expired" in stale.value.message and stale.value.details["expires_ms"] == expires
    assert await by_warehouse(ledger, "TEE-1") == {"SH": (25, 0), "GZ": (0, 3)}  # only the one confirmed in time
    listed = {t["transfer_id"]: t["status"] for t in await ledger.warehouses.transfers(["TEE-1"])}
    assert listed == {"t1": "expired", "t2": "in_transit"}
    dropped = await ledger.warehouses.cancel_transfer("TEE-1", "t1", "ops")  # it can still be tidied away
    assert dropped.status == "cancelled" and await by_warehouse(ledger, "TEE-1") == {"SH": (25, 0), "GZ": (0, 3)}


async def test_a_proposal_without_an_expiry_waits(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.warehouses.propose_transfer("TEE-1", "SH", "GZ", 4, ETA, "ops", transfer_id="t1")
    clock.advance(7 * 86_400)
    assert (await ledger.warehouses.confirm_transfer("TEE-1", "t1", "ops")).status == "in_transit"
