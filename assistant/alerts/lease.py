"""One engine per deployment raises cards: the others keep their counters warm and wait for the lease.

Every script that acts for the leader checks the lease one way: lua/_lease.lua (renew, release, the evaluated
cursor, a card save).
"""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

from assistant.infra.lua import lua_source

LEASE_KEY = "sa:alerts:leader"


class LeaseLost(Exception):
    """Another worker holds the lease now: what this worker evaluated is that worker's to say."""


class LeaderLease:
    def __init__(self, redis: Redis, *, ttl_ms: int = 5000):
        self.redis = redis
        self.key = LEASE_KEY
        self.ttl_ms = ttl_ms
        self.token = secrets.token_hex(8)
        self._renew = redis.register_script(lua_source("assistant.alerts", "lease_renew", "_lease"))
        self._release = redis.register_script(lua_source("assistant.alerts", "lease_release", "_lease"))

    async def hold(self) -> bool:
        """Takes the lease if free, renews it if ours; False while another worker holds it."""
        if await self.redis.set(LEASE_KEY, self.token, nx=True, px=self.ttl_ms):
            return True
        return bool(await self._renew(keys=[LEASE_KEY], args=[self.token, self.ttl_ms]))

    async def release(self) -> None:
        await self._release(keys=[LEASE_KEY], args=[self.token])
