"""Bounded memory: an order's record is compacted once the order is final (cancelled, or past its cancel window)
to what a replay needs, and still answers replays the same; buyer-limit counts expire with the sale."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger import keys
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock

CANCEL_S = 3600


def _order(order_id: str, qty: int = 1, buyer: str = "ana", sku: str = "A") -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id=buyer, stream_id="room-1",
                        lines=[OrderLine(sku=sku, qty=qty)])


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock, order_cancel_seconds=CANCEL_S, buyers_keep_seconds=7200)
    await ledger.upsert_skus([("A", "P-A", 100, 0), ("B", "P-B", 100, 0)], "ops", reset=True)
    return ledger


async def _sold(ledger: Ledger, sku: str = "A") -> int:
    stock = (await ledger.read([sku]))[sku]
    assert stock is not None
    return stock.sold


async def test_an_old_compacted_order_replays_the_same_and_cannot_be_cancelled(
        ledger: Ledger, redis: Redis, clock: ManualClock) -> None:
    first = await ledger.place_order(OrderRequest(order_id="o-1", channel="douyin", buyer_id="ana", lines=[
        OrderLine(sku="A", qty=2), OrderLine(sku="B", qty=1)]), "api")
    record = keys.order(0, "o-1")
    full = await redis.memory_usage(record)
    assert await ledger.compact() == 0  # inside its cancel window: kept whole
    clock.advance(CANCEL_S + 1)
    ttl_before = await redis.pttl(record)
    assert await ledger.compact() == 1
    compact = await redis.memory_usage(record)
    assert full is not None and compact is not None and compact < full * 0.6, (full, compact)
    assert 0 < await redis.pttl(record) <= ttl_before  # still expires when the order id's retention ends
    assert b"lines" not in await redis.hkeys(record)
    again = await ledger.place_order(OrderRequest(order_id="o-1", channel="douyin", buyer_id="ana", lines=[
        OrderLine(sku="A", qty=2), OrderLine(sku="B", qty=1)]), "api")
    assert again.replayed and again.model_dump(exclude={"replayed"}) == first.model_dump(exclude={"replayed"})
    with pytest.raises(AppError) as other:
        await ledger.place_order(_order("o-1", qty=3), "api")
    assert other.value.code == "idempotency_conflict"
    with pytest.raises(AppError) as late:
        await ledger.cancel_order("o-1", "api")
    assert late.value.code == "order_final" and late.value.status_code == 409
    assert (await _sold(ledger, "A"), await _sold(ledger, "B")) == (2, 1)
    assert await ledger.compact() == 0  # once


async def test_a_confirmed_hold_compacts_and_replays_the_same(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.place_hold(HoldRequest(hold_id="h-1", channel="douyin", buyer_id="ana",
                                        lines=[OrderLine(sku="A", qty=3)]), "api")
    first = await ledger.confirm_hold("h-1", "o-2", "api")
    clock.advance(CANCEL_S + 1)
    assert await ledger.compact() == 1
    again = await ledger.confirm_hold("h-1", "o-2", "api")
    assert again.replayed and again.model_dump(exclude={"replayed"}) == first.model_dump(exclude={"replayed"})
    assert await _sold(ledger) == 3


async def test_a_cancelled_order_is_compacted_at_once_and_its_cancel_replays(ledger: Ledger, redis: Redis) -> None:
    placed = await ledger.place_order(_order("o-3", qty=4), "api")
    cancelled = await ledger.cancel_order("o-3", "api", op_id="cancel-1")
    assert cancelled.changed and await _sold(ledger) == 0
    assert set(await redis.hkeys(keys.order(0, "o-3"))) <= {
        b"fp", b"status", b"outcome", b"response", b"cancel_op", b"cancel_response"}
    assert (await ledger.cancel_order("o-3", "api", op_id="cancel-1")).changed  # the same cancel again
    assert not (await ledger.cancel_order("o-3", "api")).changed
    replay = await ledger.place_order(_order("o-3", qty=4), "api")
    assert replay.replayed and replay.order_id == placed.order_id and await _sold(ledger) == 0


async def test_buyer_counts_expire_with_the_sale_and_are_renewed_by_each_sale(
        ledger: Ledger, redis: Redis, clock: ManualClock) -> None:
    await ledger.set_policy("A", "buyer_limit", 2, "ops")
    await ledger.place_order(_order("o-4", buyer="ana"), "api")
    buyers = keys.sku_key(0, "A", "buyers")
    assert 0 < await redis.pttl(buyers) <= 7200 * 1000
    later = Ledger(redis, clock=clock, buyers_keep_seconds=86400)  # a longer setting: the next sale renews it
    await later.place_order(_order("o-5", buyer="bob"), "api")
    assert await redis.pttl(buyers) > 7200 * 1000
    with pytest.raises(AppError) as over:
        await ledger.place_order(_order("o-6", qty=2, buyer="ana"), "api")
    assert over.value.code == "buyer_limit_exceeded"  # the limit still holds while the sale lives


async def test_a_cancel_after_the_buyer_counts_expired_takes_nothing_below_zero(ledger: Ledger, redis: Redis) -> None:
    await ledger.set_policy("A", "buyer_limit", 2, "ops")
    await ledger.place_order(_order("o-7", qty=2, buyer="ana"), "api")
    await redis.delete(keys.sku_key(0, "A", "buyers"))  # as its TTL would, after the sale
    await ledger.cancel_order("o-7", "api")
    assert await redis.hget(keys.sku_key(0, "A", "buyers"), "ana") is None
    await ledger.place_order(_order("o-8", qty=2, buyer="ana"), "api")
    with pytest.raises(AppError) as over:  # a negative count would have let ana buy a third
        await ledger.place_order(_order("o-9", qty=1, buyer="ana"), "api")
    assert over.value.code == "buyer_limit_exceeded"
