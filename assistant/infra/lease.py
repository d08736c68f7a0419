"""A lease one worker holds at a time (who raises cards, who embeds a catalog), checked one way everywhere.

Every script that acts for a lease holder checks it with the shared Lua prelude infra/lua/_lease.lua (lease_is,
lease_held): the lease's own renew and release here, and scripts elsewhere that write only while a lease is
theirs (alerts' card save and evaluated cursor).
"""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

from assistant.infra.lua import lua_source


class Lease:
    def __init__(self, redis: Redis, key: str, *, ttl_ms: int):
        self.redis = redis
        self.key = key
        self.ttl_ms = ttl_ms
        self.token = secrets.token_hex(8)
        self._renew = redis.register_script(lua_source("assistant.infra", "lease_renew", "_lease"))
        self._release = redis.register_script(lua_source("assistant.infra", "lease_release", "_lease"))

    async def hold(self) -> bool:
        """Takes the lease if free, renews it if ours; False while another worker holds it."""
        if await self.redis.set(self.key, self.token, nx=True, px=self.ttl_ms):
            return True
        return bool(await self._renew(keys=[self.key], args=[self.token, self.ttl_ms]))

    async def release(self) -> None:
        await self._release(keys=[self.key], args=[self.token])
