"""One SKU's history comes from its own index (written by every verb's script in the SKU's block), complete and in
order however many movements the other SKUs make, and its read costs the same whatever their volume."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.infra.embedded_redis import EmbeddedRedis
from assistant.ledger import keys
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.support.redis_clients import OBSERVER_TIMEOUT_S

OTHERS = [f"O{i}" for i in range(20)]


class CountingRedis(Redis):
    """A real client that counts the stream entries Redis hands back: what a read costs, not how long it took."""

    entries_read = 0

    async def xrevrange(self, *args: Any, **kwargs: Any) -> Any:
        rows = await super().xrevrange(*args, **kwargs)
        self.entries_read += len(rows)
        return rows

    async def xrange(self, *args: Any, **kwargs: Any) -> Any:
        rows = await super().xrange(*args, **kwargs)
        self.entries_read += len(rows)
        return rows


@pytest.fixture
async def counting(redis_server: EmbeddedRedis, redis: Redis) -> AsyncIterator[CountingRedis]:  # redis: flushed
    client = CountingRedis.from_url(redis_server.url, socket_timeout=OBSERVER_TIMEOUT_S)
    try:
        yield client
    finally:
        await client.aclose()


async def _ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock)
    await ledger.upsert_skus([("T", "P-T", 1000, 0), *[(sku, f"P-{sku}", 100_000, 0) for sku in OTHERS]], "ops",
                             reset=True)
    return ledger


def _order(order_id: str, sku: str, buyer: str = "ana") -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id=buyer, lines=[OrderLine(sku=sku, qty=1)])


async def _others_sell(ledger: Ledger, tag: str, count: int) -> None:
    orders = [_order(f"{tag}-{i}", OTHERS[i % len(OTHERS)], buyer=f"b{i}") for i in range(count)]
    for start in range(0, count, 500):
        await ledger.place_orders(orders[start:start + 500], "api")


async def test_one_skus_history_is_complete_and_in_order_among_many_others(redis: Redis, clock: ManualClock) -> None:
    ledger = await _ledger(redis, clock)
    expected = [("load", "")]
    for round_ in range(30):
        await _others_sell(ledger, f"r{round_}", 100)
        await ledger.place_order(_order(f"t-{round_}", "T"), "api")
        expected.append(("sale", f"t-{round_}"))
        if round_ % 10 == 0:
            await ledger.restock("T", 5, "ops")
            expected.append(("restock", ""))
            await ledger.place_hold(HoldRequest(hold_id=f"h-{round_}", channel="douyin", buyer_id="ana",
                                                lines=[OrderLine(sku="T", qty=1)]), "api")
            await ledger.release_hold(f"h-{round_}", "api")
            expected += [("hold", f"h-{round_}"), ("release", f"h-{round_}")]
    assert await redis.xlen(keys.MOVEMENTS) > 3000  # everyone's movements share the bucket's stream
    history = await ledger.sku_history("T", limit=1000)
    assert [(m["type"], m.get("ref", "")) for m in history] == expected[::-1]
    assert all(m["sku"] == "T" for m in history)
    # the same entries, ids and fields as the bucket's stream (consumers and the history agree)
    newest = history[0]
    assert {"id": newest["id"], **dict(await _stream_entry(redis, newest["id"]))} == newest
    # page by page with `before`: the same movements, none twice
    pages: list[dict[str, str]] = []
    while page := await ledger.sku_history("T", limit=7, before=pages[-1]["id"] if pages else ""):
        pages += page
    assert pages == history


async def _stream_entry(redis: Redis, entry_id: str) -> dict[str, str]:
    ((_, fields),) = await redis.xrange(keys.MOVEMENTS, min=entry_id, max=entry_id)
    return {k.decode(): v.decode() for k, v in fields.items()}


async def test_reading_one_skus_history_does_not_depend_on_the_others_volume(
        counting: CountingRedis, clock: ManualClock) -> None:
    ledger = await _ledger(counting, clock)
    for i in range(5):
        await ledger.place_order(_order(f"t-{i}", "T"), "api")
    await _others_sell(ledger, "few", 50)
    counting.entries_read = 0
    assert len(await ledger.sku_history("T", limit=100)) == 6  # the load and five sales
    read_among_few = counting.entries_read
    await _others_sell(ledger, "many", 5000)
    counting.entries_read = 0
    assert len(await ledger.sku_history("T", limit=100)) == 6
    assert counting.entries_read == read_among_few == 6  # a scan of the bucket's stream would read 5,056
    counting.entries_read = 0
    assert len(await ledger.sku_history("O1", limit=10)) == 10  # a busy SKU: one page, not its whole history
    assert counting.entries_read == 10


async def test_a_hold_expired_by_a_read_is_in_the_skus_history(redis: Redis, clock: ManualClock) -> None:
    ledger = await _ledger(redis, clock)
    await ledger.place_hold(HoldRequest(hold_id="h-1", channel="douyin", buyer_id="ana", ttl_seconds=60,
                                        lines=[OrderLine(sku="T", qty=2)]), "api")
    clock.advance(61)
    stock = (await ledger.read(["T"]))["T"]
    assert stock is not None and stock.held == 0
    newest = (await ledger.sku_history("T", limit=1))[0]
    assert (newest["type"], newest["ref"], newest["qty"]) == ("hold_expired", "h-1", "2")


async def test_the_history_forgets_movements_older_than_its_retention(redis: Redis, clock: ManualClock) -> None:
    """Trimmed by age in Redis time (the entry ids), by whole stream nodes: movements older than the retention
    go with the next movement of the SKU, except at most one node's worth that shares a node with newer ones."""
    ledger = await _ledger(redis, clock)
    history = keys.sku_key(0, "T", "moves")
    ((load_id, fields),) = await redis.xrange(history)
    old_ms = int(load_id.decode().split("-")[0]) - (ledger.history_keep_seconds + 3600) * 1000
    await redis.delete(history)
    for i in range(500):
        await redis.xadd(history, fields, id=f"{old_ms}-{i}")
    await ledger.restock("T", 1, "ops")
    kept = await ledger.sku_history("T", limit=1000)
    assert kept[0]["type"] == "restock"
    assert len([m for m in kept if m["id"].startswith(f"{old_ms}-")]) < 100  # 500 were written
