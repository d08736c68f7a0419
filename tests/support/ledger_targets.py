"""Where a ledger state machine runs: one real Redis with one bucket, or the 3-master Redis Cluster with several.

A hypothesis example builds its own event loop, so each one gets a fresh client from `client()`; `flush()` wipes
the data (every master on a cluster) so examples start from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis

from tests.support.redis_clients import async_client, sync_client
from tests.support.redis_cluster import LocalCluster, cluster_client

# On the cluster the ledger runs in 4 buckets: its tags b0..b3 sit on all three masters (b1 on the first, b0 on
# the second, b2 and b3 on the third), so orders whose SKUs are in different products span buckets and masters.
CLUSTER_BUCKETS = 4


@dataclass(frozen=True)
class LedgerTarget:
    name: str
    client: Callable[[], Redis]
    flush: Callable[[], None]
    buckets: int


def one_redis(url: str) -> LedgerTarget:
    def flush() -> None:
        with sync_client(url) as flusher:
            flusher.flushall()

    return LedgerTarget("one Redis", lambda: async_client(url), flush, 1)


def on_cluster(cluster: LocalCluster, buckets: int = CLUSTER_BUCKETS) -> LedgerTarget:
    # a RedisCluster answers the same commands as a Redis for everything the machines call
    return LedgerTarget(f"cluster, {buckets} buckets", lambda: cluster_client(cluster),  # type: ignore[arg-type,return-value]
                        cluster.flushall, buckets)
