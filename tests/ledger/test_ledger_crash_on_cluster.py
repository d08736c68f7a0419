"""A worker process killed with SIGKILL in the middle of an order spanning buckets, on the 3-master cluster and
the wall clock: before its decision, nothing is sold and nothing stays held once the holds' TTL is over (the
sweeper then aborts it and the buyer's retry learns order_timed_out); after its decision 'committed', the
sweeper rolls it forward and it is sold exactly once. (test_ledger_buckets.py stops the steps by hand; here the
process really dies, so nothing it kept in memory can help.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from redis.asyncio.cluster import RedisCluster

from assistant.errors import AppError
from assistant.ledger.service import Ledger
from tests.ledger import test_ledger_buckets as on_buckets
from tests.support.redis_cluster import LocalCluster
from tests.support.waiting import eventually

pytestmark = pytest.mark.cluster

# The cross-bucket holds' TTL (the decision's deadline is half of it): short where the test waits for the holds
# to expire, long where the sweeper must roll the order forward while they still live (a margin of 15 s for a
# busy machine between the deadline and the holds' end).
SHORT_TTL_S, LONG_TTL_S = 4, 30
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


async def _ledger(redis: RedisCluster, ttl_s: int) -> Ledger:
    ledger = Ledger(redis, buckets=on_buckets.BUCKETS, cross_hold_ttl_seconds=ttl_s)  # type: ignore[arg-type]
    await ledger.upsert_skus(on_buckets.ROWS, "ops", reset=True)
    return ledger


def _crash(cluster: LocalCluster, stage: str, order_json: str, ttl_s: int) -> None:
    """Runs the worker until its crash point, then kill -9."""
    worker = subprocess.Popen([sys.executable, "-m", "tests.support.crashing_worker", cluster.url,
                               str(on_buckets.BUCKETS), str(ttl_s), stage, order_json],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        line = worker.stdout.readline()  # blocks until the worker reaches the point (or dies)
        assert line.strip() == "crash-point", (line, worker.stderr.read() if worker.stderr else "")
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()


async def _sold_held(ledger: Ledger) -> dict[str, tuple[int, int]]:
    return await on_buckets.figures(ledger)


async def test_a_worker_killed_between_hold_and_decision_sells_nothing_and_holds_nothing_after_the_ttl(
        redis_cluster: LocalCluster, cluster_redis: RedisCluster) -> None:
    ledger = await _ledger(cluster_redis, SHORT_TTL_S)
    request = on_buckets.order("k-1", ("A1", 2), ("B1", 1), ("D1", 1))
    _crash(redis_cluster, "before_decision", request.model_dump_json(), SHORT_TTL_S)
    held = await _sold_held(ledger)
    assert held == {"A1": (0, 2), "A2": (0, 0), "B1": (0, 1), "D1": (0, 1)}  # holds placed in three buckets

    async def nothing_held() -> bool:
        return all(h == 0 for _, h in (await _sold_held(ledger)).values())

    await eventually(nothing_held, "the dead worker's holds to stop counting at their TTL")
    assert await _sold_held(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}
    assert await ledger.sweep() == 1
    with pytest.raises(AppError) as late:
        await ledger.place_order(request, "api")
    assert late.value.code == "order_timed_out"
    assert await _sold_held(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}


async def test_a_worker_killed_after_the_decision_is_rolled_forward_and_sold_once(
        redis_cluster: LocalCluster, cluster_redis: RedisCluster) -> None:
    ledger = await _ledger(cluster_redis, LONG_TTL_S)
    request = on_buckets.order("k-2", ("A1", 1), ("D1", 2))
    _crash(redis_cluster, "after_decision", request.model_dump_json(), LONG_TTL_S)

    async def swept() -> bool:  # the order becomes due at its deadline (half the TTL), while its holds still live
        return await ledger.sweep() > 0

    await eventually(swept, "the sweeper to pick up the committed order past its deadline", every_s=0.2)
    assert await _sold_held(ledger) == {"A1": (1, 0), "A2": (0, 0), "B1": (0, 0), "D1": (2, 0)}
    again = await ledger.place_order(request, "api")
    assert again.status == "accepted" and again.replayed
    assert await _sold_held(ledger) == {"A1": (1, 0), "A2": (0, 0), "B1": (0, 0), "D1": (2, 0)}
