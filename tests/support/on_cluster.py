"""The 3-master cluster in place of one Redis, for a module that collects a one-Redis module's checks again:
import the fixtures it needs there (`from tests.support.on_cluster import cluster_as_redis`)."""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio.cluster import RedisCluster

from tests.conftest import ManualClock


@pytest.fixture(name="redis")
def cluster_as_redis(cluster_redis: RedisCluster) -> RedisCluster:
    """The checks' `redis` is the cluster (tests/support/redis_cluster.py, flushed per test)."""
    return cluster_redis


@pytest.fixture(name="ledger")
async def bucketed_ledger_on_cluster(redis: RedisCluster, clock: ManualClock) -> Any:
    from tests.ledger.test_ledger_buckets import bucketed_ledger

    return await bucketed_ledger(redis, clock)  # type: ignore[arg-type]
