"""The alert leader's failover with the ledger in 4 buckets: the new leader takes over from each stream's saved
cursor, so a sell-out in any bucket gets its card once — never missed, never repeated.

On one Redis here; tests/alerts/test_alert_failover_buckets_on_cluster.py runs it on the 3-master cluster.
"""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.alerts.failover import CURSOR_KEY
from assistant.alerts.lease import LEASE_KEY, LeaderLease
from assistant.alerts.runner import AlertRunner
from assistant.alerts.wiring import build_engine
from assistant.ledger.feed import load_cursors
from tests.alerts.alert_helpers import Rig, grid_catalog, make_rig
from tests.conftest import ManualClock

STREAM = "live"
# With 4 buckets P00's SKUs are in bucket 1, P01's in bucket 3 (crc32 of the product id): neither is bucket 0.
SKU_A, SKU_B = "P00-BLA-M", "P01-BLA-M"


@pytest.fixture
async def rig(redis: Redis, clock: ManualClock) -> Rig:
    catalog = grid_catalog(products=2, skus_per_product=1, on_hand=10)
    return await make_rig(redis, clock, catalog, {STREAM: ["P00", "P01"]}, buckets=4)


async def worker(rig: Rig, said: list[dict[str, Any]], *, first: bool = False) -> AlertRunner:
    engine = rig.engine
    if not first:
        engine, _, _ = build_engine(rig.svc)
        await engine.start_at_end()
    engine.listeners.append(lambda card: said.append(card.public()))  # every card a worker's save let through
    return AlertRunner(engine, LeaderLease(rig.svc.redis, ttl_ms=5000), block_ms=10)


async def sell(rig: Rig, sku: str, units: int) -> None:
    for _ in range(units):
        rig.clock.advance(10)
        await rig.sell(sku, stream=STREAM)


def levels(said: list[dict[str, Any]], product_id: str) -> list[str]:
    return [card["level"] for card in said if card["product_id"] == product_id]


async def test_the_new_leader_says_each_buckets_sell_out_once_from_its_streams_cursor(rig: Rig) -> None:
    assert set((await rig.ledger.placement.buckets([SKU_A, SKU_B])).values()) == {1, 3}
    said: list[dict[str, Any]] = []
    first, second = await worker(rig, said, first=True), await worker(rig, said)
    await sell(rig, SKU_A, 8)
    await first.step()
    await second.step()
    assert first.leader and not second.leader
    marks = load_cursors(await rig.svc.redis.get(CURSOR_KEY), rig.engine.feed.streams)
    assert set(marks) == set(rig.engine.feed.streams)  # one key holds every stream's mark
    assert levels(said, "P00") == ["critical"]

    await sell(rig, SKU_A, 2)  # the leader dies here, unaware: its lease lives on while the follower reads
    await sell(rig, SKU_B, 10)
    await second.step()
    assert not second.leader
    await rig.svc.redis.delete(LEASE_KEY)  # the dead leader's lease runs out
    await second.step()

    assert second.leader
    assert levels(said, "P00") == ["critical", "sold_out"]  # each level once, whichever worker said it
    assert levels(said, "P01") == ["sold_out"]
    await second.step()  # nothing is said again
    assert len(said) == 3
