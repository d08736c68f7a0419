"""The service's client on a `redis+cluster://` URL: one node named, every master reached; unsafe commands are
never sent twice after a master went away."""

from __future__ import annotations

import pytest

from assistant.infra.cluster_client import is_cluster_url, startup_nodes
from assistant.infra.redis_client import ReplyLost, make_redis_client
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


def test_cluster_urls_name_their_nodes() -> None:
    assert is_cluster_url("redis+cluster://a:7000") and not is_cluster_url("redis://a:6379/0")
    assert startup_nodes("redis+cluster://u:p@a:7000,b:7001") == [("a", 7000), ("b", 7001)]
    assert startup_nodes("redis+cluster://a") == [("a", 6379)]


async def test_one_node_in_the_url_reaches_every_master(redis_cluster: LocalCluster, cluster_redis) -> None:
    client = make_redis_client(redis_cluster.url, socket_timeout_s=30, retry_budget_s=3)
    try:
        keys = [f"sa:test:{i}" for i in range(30)]
        for key in keys:
            await client.set(key, key)
        assert {redis_cluster.master_for_key(k) for k in keys} == {0, 1, 2}
        assert [await cluster_redis.get(k) for k in keys] == [k.encode() for k in keys]
    finally:
        await client.aclose()


async def test_an_unsafe_command_to_a_dead_master_is_not_sent_again(redis_cluster: LocalCluster,
                                                                    cluster_redis) -> None:
    client = make_redis_client(redis_cluster.url, socket_timeout_s=30, retry_budget_s=1)
    try:
        await client.set("{dead}:n", 1)
        redis_cluster.kill(redis_cluster.master_for_key("{dead}:n"))
        with pytest.raises(ReplyLost):
            await client.incr("{dead}:n")
    finally:
        await client.aclose()
        redis_cluster.heal()
    assert await cluster_redis.get("{dead}:n") == b"1"


async def test_scripts_run_in_a_pipeline_each_on_its_keys_slot(redis_cluster: LocalCluster, cluster_redis) -> None:
    client = make_redis_client(redis_cluster.url, socket_timeout_s=30, retry_budget_s=3)
    try:
        bump = client.register_script("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        pipe = client.pipeline(transaction=False)
        rooms = [f"sa:test:{{room-{i}}}:n" for i in range(12)]
        for key in rooms:
            await bump(keys=[key], args=[2], client=pipe)
        assert await pipe.execute() == [2] * len(rooms)
        assert {redis_cluster.master_for_key(k) for k in rooms} == {0, 1, 2}
    finally:
        await client.aclose()
