"""Redis clients for tests: one place for their time-outs.

redis-py 8 gives every client a 5 s socket and connect time-out by default. A test's own client is an observer, not the
service: on a loaded 2-core CI machine the embedded server can pause longer than that (a fork for a snapshot, a
busy neighbour), and the test would fail on its own instrument. The service keeps its own, tighter settings.
"""

from __future__ import annotations

import redis as sync_redis
from redis.asyncio import Redis

OBSERVER_TIMEOUT_S = 120


def async_client(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=OBSERVER_TIMEOUT_S, socket_connect_timeout=OBSERVER_TIMEOUT_S)


def sync_client(url: str) -> sync_redis.Redis:
    return sync_redis.Redis.from_url(url, socket_timeout=OBSERVER_TIMEOUT_S, socket_connect_timeout=OBSERVER_TIMEOUT_S)
