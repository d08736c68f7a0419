"""Every refused order is in the room's refusal log, whoever placed it: one order or a pipelined batch, and a
retried refusal counts once. Ops read the log ("有多少单被拒了")."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger import refusals
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.test_ledger_verbs import order


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock)
    await ledger.upsert_skus([("A", "P1", 3, 0), ("B", "P1", 10, 0)], "ops", reset=True)
    return ledger


async def test_a_pipelined_batch_logs_its_refusals_once(ledger: Ledger, redis: Redis) -> None:
    batch = [order(f"o{n}", ("A", 1), buyer=f"b{n}", stream="room-1") for n in range(5)]
    answers = await ledger.place_orders(batch, "bench")
    assert [isinstance(a, AppError) for a in answers] == [False, False, False, True, True]
    again = await ledger.place_orders(batch[3:], "bench")  # the client retries the refused ones
    assert all(isinstance(a, AppError) and a.code == "insufficient_stock" for a in again)
    log = await refusals.refusals(redis, "room-1", None)
    assert log["refused_orders"] == 2 and log["by_reason"] == {"insufficient_stock": 2}
    assert sorted(r["order_id"] for r in log["orders"]) == ["o3", "o4"]


async def test_one_order_refused_is_logged_and_a_bad_sku_is_not_a_refusal(ledger: Ledger, redis: Redis) -> None:
    with pytest.raises(AppError):
        await ledger.place_order(order("big", ("B", 11), stream="room-2"), "api")
    with pytest.raises(AppError):
        await ledger.place_order(order("nope", ("NOPE", 1), stream="room-2"), "api")
    log = await refusals.refusals(redis, "room-2", None)
    assert [(r["order_id"], r["code"], r["units"]) for r in log["orders"]] == [("big", "insufficient_stock", 11)]
