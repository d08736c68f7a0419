"""Demand on a 3-master Redis Cluster: each room's ask stream is in its room's slot, and every room is read."""

from __future__ import annotations

import asyncio

import pytest

from assistant.demand.events import AskPublisher, ask_stream
from assistant.infra.redis_client import make_redis_client
from tests.demand.demand_support import ask, item, make_service
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


def _rooms_on_two_masters(cluster: LocalCluster) -> tuple[str, str]:
    first = "room-0"
    other = next(f"room-{n}" for n in range(1, 100)
                 if cluster.master_for_key(ask_stream(f"room-{n}")) != cluster.master_for_key(ask_stream(first)))
    return first, other


async def test_every_rooms_asks_are_counted_on_the_cluster(redis_cluster: LocalCluster, cluster_redis, clock) -> None:
    redis = make_redis_client(redis_cluster.url)
    one, two = _rooms_on_two_masters(redis_cluster)
    try:
        demand = make_service(redis, clock)
        publisher = AskPublisher(redis)
        await publisher.publish([ask(clock, f"a{i}", "HD-101", "black", "L", stream_id=one) for i in range(3)])
        task = asyncio.create_task(demand.follow())
        try:
            await publisher.publish([ask(clock, f"b{i}", "DR-201", "red", "M", stream_id=two) for i in range(2)])
            first, second = await demand.report(one), await demand.report(two)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        assert [(r["product_id"], r["asks"]) for r in first["items"]] == [("HD-101", 3)]
        assert item(second, "DR-201", "red", "M")["askers"] == 2 and len(second["items"]) == 1
    finally:
        await redis.aclose()
