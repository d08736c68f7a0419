"""Every ledger write verb is idempotent by its operation id: a re-sent call moves stock once, answers the same."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger import keys
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.test_ledger_verbs import hold, order

Verb = Callable[[Ledger, str], Awaitable[dict[str, Any]]]


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock, op_keep_seconds=3600)
    await ledger.upsert_skus([("A", "P1", 10, 0), ("B", "P1", 4, 0)], "ops", reset=True)
    await ledger.add_incoming("A", "ship-1", 6, int(clock()) + 86_400_000, "ops")
    await ledger.place_order(order("o-1", ("A", 2)), "api")
    await ledger.place_hold(hold("h-1", "A", 1), "api")
    return ledger


async def counters(ledger: Ledger, sku: str = "A") -> dict[str, Any]:
    detail = await ledger.detail(sku)
    return {**detail.counters, "caps": detail.flash_caps, "incoming": detail.incoming, "holds": detail.holds}


# Each verb as an ops user or the integration calls it, with an operation id.
VERBS: dict[str, Verb] = {
    "restock": lambda lg, op: lg.restock("A", 5, "ops", "delivery", op_id=op),
    "count": lambda lg, op: lg.correct_count("A", 3, "ops", op_id=op),
    "count_cas": lambda lg, op: lg.correct_count("A", 20, "ops", expected_stock=8, op_id=op),
    "policy": lambda lg, op: lg.set_policy("A", "flash_cap", 2, "ops", scope="*", op_id=op),
    "incoming_add": lambda lg, op: lg.add_incoming("A", "ship-2", 7, 1_900_000_000_000, "ops", op_id=op),
    "incoming_receive": lambda lg, op: lg.receive_incoming("A", "ship-1", "ops", op_id=op),
    "cancel": lambda lg, op: lg.cancel_order("o-1", "api", "changed mind", op_id=op),
    "release": lambda lg, op: lg.release_hold("h-1", "api", op_id=op),
}


@pytest.mark.parametrize("verb", sorted(VERBS))
async def test_the_same_operation_sent_again_moves_stock_once_and_answers_the_same(ledger: Ledger, verb: str) -> None:
    first = await VERBS[verb](ledger, "op-1")
    after_first = await counters(ledger)
    movements = len(await ledger.movements())
    again = await VERBS[verb](ledger, "op-1")
    assert again == first and again.replayed and not first.replayed
    assert await counters(ledger) == after_first, f"{verb} moved stock twice"
    assert len(await ledger.movements()) == movements, f"{verb} logged a second movement"


async def test_a_new_operation_id_applies_again(ledger: Ledger) -> None:
    await ledger.restock("A", 5, "ops", op_id="op-1")
    await ledger.restock("A", 5, "ops", op_id="op-2")
    assert (await counters(ledger))["restocked"] == 10


async def test_an_operation_id_reused_for_another_request_is_refused_and_changes_nothing(ledger: Ledger) -> None:
    await ledger.restock("A", 5, "ops", op_id="op-1")
    before = await counters(ledger)
    for other in (ledger.restock("A", 6, "ops", op_id="op-1"), ledger.restock("A", 5, "someone-else", op_id="op-1"),
                  ledger.correct_count("A", 5, "ops", op_id="op-1")):
        with pytest.raises(AppError) as caught:
            await other
        assert (caught.value.status_code, caught.value.code) == (409, "idempotency_conflict")
    assert await counters(ledger) == before


async def test_a_refusal_is_remembered_for_its_operation(ledger: Ledger) -> None:
    """A stale count answered 409 stays 409 for that op even after the stock came to match."""
    with pytest.raises(AppError):
        await ledger.correct_count("A", 1, "ops", expected_stock=99, op_id="op-1")
    await ledger.correct_count("A", 99, "ops", op_id="op-2")
    with pytest.raises(AppError) as caught:
        await ledger.correct_count("A", 1, "ops", expected_stock=99, op_id="op-1")
    assert caught.value.code == "stale_count"
    assert (await ledger.read(["A"]))["A"].stock == 99  # type: ignore[union-attr]


async def test_a_receive_sent_again_answers_received_not_unknown_shipment(ledger: Ledger) -> None:
    first = await ledger.receive_incoming("A", "ship-1", "ops", op_id="op-r")
    assert (await ledger.receive_incoming("A", "ship-1", "ops", op_id="op-r")) == first
    assert first.model_dump() == {"sku": "A", "shipment_id": "ship-1", "received": 6, "sellable": first.sellable}
    assert first.http_status == 200
    with pytest.raises(AppError) as caught:  # another op receiving it again: it is gone
        await ledger.receive_incoming("A", "ship-1", "ops", op_id="op-other")
    assert caught.value.code == "shipment_not_found"


async def test_a_catalog_reset_sent_again_does_not_wipe_sales_made_in_between(ledger: Ledger) -> None:
    assert await ledger.upsert_skus([("A", "P1", 10, 0), ("N", "P1", 3, 0)], "admin", True, op_id="load-1") == [
        "reset", "created"]
    await ledger.place_order(order("o-2", ("A", 4)), "api")
    again = await ledger.upsert_skus([("A", "P1", 10, 0), ("N", "P1", 3, 0)], "admin", True, op_id="load-1")
    assert again == ["reset", "created"], "the replay answers what the first load did"
    assert (await ledger.read(["A"]))["A"].sold == 4  # type: ignore[union-attr]


async def test_a_cancel_by_another_operation_still_answers_no_change(ledger: Ledger) -> None:
    assert (await ledger.cancel_order("o-1", "api", op_id="c-1")).changed is True
    assert (await ledger.cancel_order("o-1", "api", op_id="c-2")).changed is False
    assert (await ledger.cancel_order("o-1", "api", op_id="c-1")).changed is True


async def test_remembered_operations_are_forgotten_after_their_keep_time(ledger: Ledger, clock: ManualClock,
                                                                        redis: Redis) -> None:
    journal = keys.sku_key(await ledger.placement.bucket("A"), "A", "ops")
    already = await redis.hlen(journal)  # the fixture's load and shipment
    for i in range(5):
        await ledger.restock("A", 1, "ops", op_id=f"old-{i}")
    assert await redis.hlen(journal) == already + 5
    clock.advance(3601)
    await ledger.restock("A", 1, "ops", op_id="new")
    assert await redis.hkeys(journal) == [b"new"], "expired ops are forgotten as new ones come"

    await ledger.restock("A", 1, "ops", op_id="old-0")  # forgotten: a new operation now
    assert (await counters(ledger))["restocked"] == 7


async def test_calls_without_an_operation_id_each_apply(ledger: Ledger) -> None:
    await ledger.restock("A", 1, "ops")
    await ledger.restock("A", 1, "ops")
    assert (await counters(ledger))["restocked"] == 2
