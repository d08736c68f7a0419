"""A lease one worker holds at a time (who raises cards, who embeds a catalog), checked one way everywhere.

Every script that acts for a lease holder checks it with the shared Lua prelude infra/lua/_lease.lua (lease_is,
lease_held, lease_valid): the lease's own hold and release here, and scripts elsewhere that write only while a
lease is theirs (alerts' card save and evaluated cursor). A script whose keys are in another Redis Cluster slot
than the lease checks `fence_until_ms` instead: the holder's deadline in Redis time, less a margin for the
clock skew between cluster nodes.

"""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

from assistant.infra.lua import lua_source

FENCE_MARGIN_MS = 500


class Lease:
    def __init__(self, redis: Redis, key: str, *, ttl_ms: int):
        self.redis = redis
        self.key = key
        self.ttl_ms = ttl_ms
        self.token = secrets.token_hex(8)
        self.fence_until_ms = 0  # Redis time before which no other worker can hold the lease (0: not held)
        self._hold = redis.register_script(lua_source("assistant.infra", "lease_hold", "_lease"))
        self._release = redis.register_script(lua_source("assistant.infra", "lease_release", "_lease"))

    async def hold(self) -> bool:
        """Takes the lease if free, renews it if ours; False while another worker holds it."""
        held, until_ms = await self._hold(keys=[self.key], args=[self.token, self.ttl_ms])
        # The margin covers skew between the clocks of the lease's node and a room's node on a cluster.
        self.fence_until_ms = int(until_ms) - min(FENCE_MARGIN_MS, self.ttl_ms // 5) if held else 0
        return bool(held)

    async def release(self) -> None:
        await self._release(keys=[self.key], args=[self.token])
