"""The failover in buckets on the 3-master Redis Cluster: the buckets' streams are on different masters."""

from __future__ import annotations

import pytest
from redis.asyncio.cluster import RedisCluster

from tests.alerts.test_alert_failover_buckets import (  # noqa: F401  (collected here again, on the cluster)
    rig,
    test_the_new_leader_says_each_buckets_sell_out_once_from_its_streams_cursor,
)

pytestmark = pytest.mark.cluster


@pytest.fixture
def redis(cluster_redis: RedisCluster) -> RedisCluster:
    return cluster_redis
