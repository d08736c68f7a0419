"""One stream's recent counts, read once and shared by the host cards built in the same moment.

Each read fetches and parses every minute bucket of the stream (every SKU's asks, sales and orders). A burst
raises dozens of cards a second, and one read per card put the order-to-card lag near a second at 1,000
orders/s. Cards now share a read for up to `max_age_s`; a batch this process counts drops it at once, so a
count the consumer just wrote is never hidden behind an older read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable

from redis.asyncio import Redis

from assistant.demand.reading import Counts, Window, read_counts

Key = tuple[str, int | None]  # stream id, window seconds


class RecentCounts:
    def __init__(self, redis: Redis, *, max_age_s: float = 1.0, monotonic: Callable[[], float] = time.monotonic):
        self.redis = redis
        self.max_age_s = max_age_s
        self._monotonic = monotonic
        self._reads: dict[Key, tuple[float, asyncio.Future[Counts]]] = {}

    async def get(self, stream_id: str, window: Window, now_ms: float) -> Counts:
        key = (stream_id, window.seconds)
        started = self._monotonic()
        self._reads = {k: v for k, v in self._reads.items() if started - v[0] <= self.max_age_s}
        if key not in self._reads:
            read = asyncio.ensure_future(read_counts(self.redis, stream_id, window, now_ms))
            read.add_done_callback(lambda done: self._drop_failed(key, done))
            self._reads[key] = (started, read)
        # Shielded: a card giving up on its budget must not cancel the read other cards are waiting for.
        return await asyncio.shield(self._reads[key][1])

    def _drop_failed(self, key: Key, read: asyncio.Future[Counts]) -> None:
        failed = read.cancelled() or read.exception() is not None  # also marks the exception as retrieved
        if failed and self._reads.get(key, (0.0, None))[1] is read:
            del self._reads[key]

    def forget(self, stream_ids: Iterable[str]) -> None:
        """New counts were written for these streams: the next card reads them."""
        gone = set(stream_ids)
        self._reads = {k: v for k, v in self._reads.items() if k[0] not in gone}
