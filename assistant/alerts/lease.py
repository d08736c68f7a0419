"""One engine per deployment raises cards: the others keep their counters warm and wait for the lease."""

from __future__ import annotations

from redis.asyncio import Redis

from assistant.infra.lease import Lease

LEASE_KEY = "sa:{alerts}:leader"  # one tag with the evaluated cursor: save_cursor.lua is one slot


class LeaseLost(Exception):
    """Another worker holds the lease now: what this worker evaluated is that worker's to say."""


class LeaderLease(Lease):
    def __init__(self, redis: Redis, *, ttl_ms: int = 5000):
        super().__init__(redis, LEASE_KEY, ttl_ms=ttl_ms)
