"""The service's client on a `redis+cluster://` URL: one node named, every master reached; unsafe commands are
never sent twice after a master went away."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from assistant.infra.cluster_client import is_cluster_url, startup_nodes
from assistant.infra.redis_client import (
    ReplyLost,
    declare_replay_safe,
    describe,
    make_redis_client,
    replay_safe,
)
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


# Keeps its master busy for ARGV[1] seconds of Redis time. Sent after an INCR in the same pipeline, it holds back
# the INCR's reply (a master writes a pipeline's replies once it has run the commands read with it), so a client
# whose socket time-out is shorter loses a reply to a command that did run: what a master that dies or stalls
# between running a pipeline and answering it does.
BUSY = """local t = redis.call('TIME')
local stop = t[1] * 1000000 + t[2] + ARGV[1] * 1000000
repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop
return 1"""
BUSY_S = 3  # under the fixture's 5 s node time-out and Redis's 5 s busy-script threshold


@pytest.mark.parametrize("transaction", [False, True], ids=["pipeline", "transaction"])
async def test_a_pipeline_whose_reply_is_lost_never_applies_an_increment_twice(
        redis_cluster: LocalCluster, cluster_redis, transaction: bool) -> None:
    # redis-py's ClusterPipeline re-sends after a time-out or a dropped connection by itself (a transaction
    # whole); sent again after the master is free, the INCR ran twice (2, or more with several retries).
    client = make_redis_client(redis_cluster.url, socket_timeout_s=1, retry_budget_s=3)
    try:
        await client.set("{lost}:n", 0)
        pipe = client.pipeline(transaction=transaction)
        pipe.incr("{lost}:n")
        pipe.eval(BUSY, 1, "{lost}:busy", BUSY_S)
        with pytest.raises(ReplyLost):
            await pipe.execute()
    finally:
        await client.aclose()
    # The observer's GET waits behind the busy script: it answers once the pipeline has run, exactly once.
    assert await cluster_redis.get("{lost}:n") == b"1"


async def test_transactions_while_the_client_is_still_learning_the_layout_all_commit(
        redis_cluster: LocalCluster, cluster_redis) -> None:
    # redis-py queues a transaction's commands on a thread with an event loop of its own; a layout refresh due
    # then (a new client, or one that lost a node) waited there on the app loop's lock and failed with "bound
    # to a different event loop": a catalog load answered 500 on a cluster in CI.
    client = make_redis_client(redis_cluster.url, socket_timeout_s=30, retry_budget_s=3)

    async def watched_bump(key: str) -> None:
        async with client.pipeline(transaction=True) as pipe:
            await pipe.watch(key)
            current = int(await pipe.get(key) or 0)
            pipe.multi()
            pipe.set(key, current + 1)
            pipe.hset(key + ":mark", mapping={"by": "test"})
            await pipe.execute()

    async def queued_only(key: str) -> None:
        pipe = client.pipeline(transaction=True)
        pipe.set(key, "queued")
        pipe.expire(key, 60)
        await pipe.execute()

    try:
        await asyncio.gather(client.get("{layout}:probe"),
                             *(watched_bump(f"{{layout-{i}}}:n") for i in range(6)),
                             *(queued_only(f"{{layout-q{i}}}:v") for i in range(6)))
    finally:
        await client.aclose()
    assert [await cluster_redis.get(f"{{layout-{i}}}:n") for i in range(6)] == [b"1"] * 6
    assert [await cluster_redis.get(f"{{layout-q{i}}}:v") for i in range(6)] == [b"queued"] * 6


def test_a_registered_script_sent_whole_is_as_replay_safe_as_by_its_sha() -> None:
    # A cluster pipeline sends registered scripts as EVAL with their body: the ledger's scripts stay replay-safe
    # there (their pipelines keep redis-py's retries), any other script does not.
    body = "return redis.call('GET', KEYS[1])  -- test: declared replay-safe"
    declare_replay_safe({hashlib.sha1(body.encode()).hexdigest(): "test read"})
    assert replay_safe(["EVAL", body, 1, "k"]) and describe(["EVAL", body, 1, "k"]) == "test read"
    assert not replay_safe(["EVAL", "return redis.call('INCR', KEYS[1])", 1, "k"])
