"""The cluster fixture itself: three masters serving every slot, and a master killed -9 comes back on its AOF."""

from __future__ import annotations

import pytest
from redis.asyncio.cluster import RedisCluster

from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


async def test_keys_spread_over_three_masters(cluster_redis: RedisCluster, redis_cluster: LocalCluster) -> None:
    keys = [f"k{i}" for i in range(30)]
    for key in keys:
        await cluster_redis.set(key, key)
    assert {redis_cluster.master_for_key(k) for k in keys} == {0, 1, 2}
    assert [await cluster_redis.get(k) for k in keys] == [k.encode() for k in keys]


async def test_a_killed_master_restarts_with_what_it_acknowledged(cluster_redis: RedisCluster,
                                                                  redis_cluster: LocalCluster) -> None:
    await cluster_redis.set("{crash}:order", "accepted")
    victim = redis_cluster.master_for_key("{crash}:order")
    redis_cluster.kill(victim)
    redis_cluster.restart(victim)
    again = await cluster_redis.get("{crash}:order")
    assert again == b"accepted"
