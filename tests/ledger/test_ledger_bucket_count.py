"""The bucket count is fixed per deployment: stored in Redis on first use, and a worker configured with another
count refuses to start or to move stock (its orders' claims and SKUs' placements would be in other buckets, and a
replay of an order id could apply twice)."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger import keys
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock


def _order(order_id: str) -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id="ana", lines=[OrderLine(sku="A", qty=1)])


async def test_the_first_use_stores_the_count_and_another_count_is_refused_before_anything_moves(
        redis: Redis, clock: ManualClock) -> None:
    first = Ledger(redis, clock=clock, buckets=4)
    await first.upsert_skus([("A", "P-A", 10, 0)], "ops", reset=True)
    assert await redis.get(keys.BUCKET_COUNT) == b"4"
    await first.place_order(_order("o-1"), "api")
    before = {key async for key in redis.scan_iter(match="sa:*")}
    other = Ledger(redis, clock=clock, buckets=16)
    for attempt in (other.place_order(_order("o-1"), "api"), other.restock("A", 5, "ops"),
                    other.upsert_skus([("B", "P-B", 1, 0)], "ops", reset=True), other.read(["A"])):
        with pytest.raises(AppError) as refused:
            await attempt
        assert refused.value.code == "ledger_bucket_count_mismatch" and refused.value.status_code == 503
        assert "STOCK_ASSISTANT_LEDGER_BUCKETS" in str(refused.value) and "16" in str(refused.value)
        assert "4" in str(refused.value)
    assert {key async for key in redis.scan_iter(match="sa:*")} == before  # nothing written under 16 buckets
    stock = (await first.read(["A"]))["A"]
    assert stock is not None and stock.sold == 1
    one = Ledger(redis, clock=clock)  # the default, 1: refused too (its order claims would live in bucket 0)
    with pytest.raises(AppError):
        await one.place_order(_order("o-1"), "api")


async def test_the_app_refuses_to_start_with_another_count(settings, redis: Redis, clock: ManualClock) -> None:
    from assistant.main import create_app

    await Ledger(redis, buckets=4).placement.verify()
    app = create_app(settings.model_copy(update={"ledger_buckets": 2}), clock=clock)
    with pytest.raises(AppError) as refused:
        async with app.router.lifespan_context(app):
            pass
    assert refused.value.code == "ledger_bucket_count_mismatch"
    assert "was created with 4" in str(refused.value)


async def test_a_ledger_made_before_the_count_was_stored_with_one_bucket_is_taken_as_one(
        redis: Redis, clock: ManualClock) -> None:
    """A cluster deployment loaded with the old default (1) and started again with `auto` (16) refuses."""
    old = Ledger(redis, clock=clock)
    await old.upsert_skus([("A", "P-A", 10, 0)], "ops", reset=True)
    await old.place_order(_order("o-1"), "api")
    await redis.delete(keys.BUCKET_COUNT)  # as before the count was stored
    with pytest.raises(AppError) as refused:
        await Ledger(redis, clock=clock, buckets=16).place_order(_order("o-1"), "api")
    assert refused.value.code == "ledger_bucket_count_mismatch" and "set it to 1" in str(refused.value)
    assert (await Ledger(redis, clock=clock).place_order(_order("o-1"), "api")).replayed
