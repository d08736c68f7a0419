"""Waiting for news on several Redis Streams, on one Redis or on a Cluster.

On one Redis a blocking XREAD names every stream at once. On a Cluster the streams sit in different slots
(a movement stream per ledger bucket, the ask streams) and one XREAD may name only one slot's keys, so the wait
is a poll instead: one non-blocking XREAD per stream in a pipeline (redis-py splits it per node), then a short
sleep when nothing is newer. Each stream keeps its own cursor; nothing is read across slots.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.typing import KeyT, StreamIdT

from assistant.infra.replies import streams

POLL_S = 0.1  # a cluster's wake-up poll: news within this, ~10 cheap reads a second per stream


def on_cluster(redis: Redis) -> bool:
    return isinstance(redis, RedisCluster)


async def wait_for_news(redis: Redis, cursors: Mapping[str, str], block_ms: int) -> set[str]:
    """Streams with an entry after their cursor; waits up to block_ms when none has (may return empty)."""
    if not cursors:
        await asyncio.sleep(block_ms / 1000)
        return set()
    if not on_cluster(redis) or len(cursors) == 1:
        wanted: dict[KeyT, StreamIdT] = {name: cursor for name, cursor in cursors.items()}
        rows = await redis.xread(wanted, count=1, block=block_ms)
        return {name for name, _ in streams(rows)}
    pipe = redis.pipeline(transaction=False)
    for name, cursor in cursors.items():
        pipe.xread({name: cursor}, count=1)
    answers = await pipe.execute()
    news = {name for rows in answers for name, _ in streams(rows)}
    if not news:
        await asyncio.sleep(min(POLL_S, block_ms / 1000))
    return news
