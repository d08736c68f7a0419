"""Which ask streams there are: one per live room that asked within the retention, and the old shared stream.

The comment path lists a room in ASK_ROOMS (score: its latest ask, in the service clock the asks carry) before
it writes the room's first entry, so a consumer that reads the list on every drain also reads rooms that appear
after it started. A room whose latest ask is older than the retention has nothing left to count (demand drops
such asks, and its stream has expired): it is no longer read and is pruned from the list.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis.asyncio import Redis

from assistant.demand.events import ASK_ROOMS, LEGACY_ASKS_STREAM, ask_stream
from assistant.infra.replies import members

PRUNE_EVERY_S = 60.0


class AskRooms:
    def __init__(self, redis: Redis, *, retention_s: int, clock: Callable[[], float]):
        self.redis = redis
        self.retention_s = retention_s
        self.clock = clock
        self._pruned_at = float("-inf")

    async def streams(self) -> list[str]:
        """The ask streams of the rooms that asked within the retention (one cheap read of one key)."""
        cutoff = self.clock() - self.retention_s * 1000
        pipe = self.redis.pipeline(transaction=False)
        if time.monotonic() - self._pruned_at >= PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            pipe.zremrangebyscore(ASK_ROOMS, "-inf", f"({cutoff}")
        pipe.zrangebyscore(ASK_ROOMS, cutoff, "+inf")
        rooms = (await pipe.execute())[-1]
        return [ask_stream(room) for room in members(rooms)]


async def every_ask_stream(redis: Redis) -> list[str]:
    """Every ask stream the consumer may still be behind on, for /healthz and /metrics."""
    rooms = await redis.zrange(ASK_ROOMS, 0, -1)
    legacy = [LEGACY_ASKS_STREAM] if await redis.exists(LEGACY_ASKS_STREAM) else []
    return legacy + [ask_stream(room) for room in members(rooms)]
