"""Follows the ask stream and every ledger movement stream (one per bucket) through one consumer group, so several workers never count an entry twice.

All consumption happens in `drain` under one lock; the background loop's blocking XREAD is only a wake-up
call. A read endpoint can therefore drain first and be sure every entry already in the streams is either
counted or being counted by another worker: no sleeping on the background task, in tests or in requests.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from assistant.demand.events import ASKS_STREAM
from assistant.demand.keys import GROUP_NAME
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.replies import Entry, last_id, streams, text, text_map
from assistant.infra.stream_wake import wait_for_news
from assistant.ledger.keys import movement_streams

Entries = list[Entry]  # (entry id, fields), decoded
# (asks, movements by stream): count them and XACK them, each in its own stream.
Apply = Callable[[Entries, dict[str, Entries]], Awaitable[None]]
BATCH = 1000
# Longer than any live worker's apply takes, so a claim never takes entries another worker is still counting.
CLAIM_IDLE_MS = 60_000
CLAIM_EVERY_S = 30.0
# The background loop drains at most this often. Draining on every new entry meant ~100 small drains a second
# under a 1,000 orders/s burst: more round trips than counting, on the event loop the alert engine shares,
# which doubled the order-to-card lag. Reads that need the latest counts (reports) drain first anyway.
PACE_S = 0.25


def consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


class StreamFollower:
    def __init__(self, redis: Redis, apply: Apply, *, retention_s: int, name: str | None = None,
                 block_ms: int = 1000, claim_idle_ms: int = CLAIM_IDLE_MS, claim_every_s: float = CLAIM_EVERY_S,
                 pace_s: float = PACE_S):
        self.redis = redis
        self.apply = apply
        self.retention_s = retention_s
        self.name = name or consumer_name()
        self.block_ms = block_ms
        self.claim_idle_ms = claim_idle_ms
        self.claim_every_s = claim_every_s
        self.pace_s = pace_s
        self.lock = asyncio.Lock()
        self._ready = False
        self._claimed_at = float("-inf")
        self.trouble = LoopTrouble("demand consumer", logging.getLogger("assistant.demand"))
        # One read per stream, never one XREADGROUP naming several: on a Redis Cluster they are in other slots.
        self.streams = [ASKS_STREAM, *movement_streams()]

    async def _ensure_groups(self) -> int:
        """Makes the groups once; a worker starting up then claims what its predecessor left (how many)."""
        if self._ready:
            return 0
        seconds, _ = await self.redis.time()
        # A new group starts one retention period back: older entries would only make keys that expire at once.
        start = f"{max(0, seconds - self.retention_s) * 1000}-0"
        for stream in self.streams:
            try:
                await self.redis.xgroup_create(stream, GROUP_NAME, id=start, mkstream=True)
            except ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise
        self._ready = True
        return await self._claim_abandoned()

    async def claim_abandoned(self) -> int:
        """Counts entries other workers read but never acknowledged; returns how many."""
        async with self.lock:
            if not self._ready:
                return await self._ensure_groups()
            return await self._claim_abandoned()

    async def _claim_abandoned(self) -> int:
        """A worker that died mid-apply leaves its entries pending; only a claim ever delivers them again.

        Called at group setup and every `claim_every_s` from `run`: a replacement usually starts before its
        predecessor's entries are `claim_idle_ms` idle, so the setup claim alone would leave them pending.
        """
        self._claimed_at = time.monotonic()
        total = 0
        for stream in self.streams:
            cursor = "0-0"
            while True:  # XAUTOCLAIM pages through the pending list; "0-0" means it reached the end
                answer = await self.redis.xautoclaim(stream, GROUP_NAME, self.name, self.claim_idle_ms,
                                                     start_id=cursor, count=BATCH)
                entries = [(text(i), text_map(f)) for i, f in answer[1] if f]
                trimmed = [i for i, f in answer[1] if i is not None and not f]  # Redis 6.2: deleted, still pending
                if trimmed:
                    await self.redis.xack(stream, GROUP_NAME, *trimmed)
                if entries and stream == ASKS_STREAM:
                    await self.apply(entries, {})
                elif entries:
                    await self.apply([], {stream: entries})
                total += len(entries)
                cursor = text(answer[0])
                if cursor == "0-0":
                    break
        return total

    async def drain(self) -> int:
        """Counts every entry not yet delivered to any worker; returns how many."""
        async with self.lock:
            total = 0
            while True:
                try:
                    await self._ensure_groups()
                    pipe = self.redis.pipeline(transaction=False)  # one XREADGROUP per stream, in one round trip
                    for stream in self.streams:
                        pipe.xreadgroup(GROUP_NAME, self.name, {stream: ">"}, count=BATCH)
                    answers = await pipe.execute()
                except ResponseError as error:
                    if "NOGROUP" not in str(error) or not self._ready:
                        raise
                    self._ready = False  # the streams were deleted (FLUSHALL): make the groups again
                    continue
                got: dict[str, Entries] = {name: entries for rows in answers for name, entries in streams(rows)
                                           if entries}
                if not got:
                    return total
                asks = got.pop(ASKS_STREAM, [])
                await self.apply(asks, got)
                total += len(asks) + sum(len(entries) for entries in got.values())

    async def _last_id(self, stream: str) -> str:
        return last_id(await self.redis.xrevrange(stream, count=1))

    async def run(self) -> None:
        """The background loop: drain, then block until either stream has something newer."""
        seen: dict[str, str] = {}
        while True:
            try:
                if not seen:  # in the loop: Redis may be down when the service starts
                    seen = {stream: await self._last_id(stream) for stream in self.streams}
                if time.monotonic() - self._claimed_at >= self.claim_every_s:
                    await self.claim_abandoned()
                await self.drain()
                await asyncio.sleep(self.pace_s)
                for name in await wait_for_news(self.redis, seen, self.block_ms):
                    seen[name] = await self._last_id(name)  # not the woken id: drain takes all at once
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - keep following; Redis may be restarting or full
                await asyncio.sleep(self.trouble.failed(error))
            else:
                self.trouble.worked()
