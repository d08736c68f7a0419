"""Follows every live room's ask stream and every ledger movement stream (one per bucket) through one consumer group
per stream, so several workers never count an entry twice.

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
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from assistant.demand.ask_rooms import AskRooms
from assistant.demand.events import LEGACY_ASKS_STREAM
from assistant.demand.keys import GROUP_NAME
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.replies import Entry, last_id, streams, text, text_map
from assistant.infra.stream_wake import wait_for_news

Entries = list[Entry]  # (entry id, fields), decoded
# (asks by stream, movements by stream): count them and XACK them, each in its own stream.
Apply = Callable[[dict[str, Entries], dict[str, Entries]], Awaitable[None]]
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
    def __init__(self, redis: Redis, apply: Apply, *, movement_streams: Sequence[str], retention_s: int,
                 clock: Callable[[], float],
                 name: str | None = None, block_ms: int = 1000, claim_idle_ms: int = CLAIM_IDLE_MS,
                 claim_every_s: float = CLAIM_EVERY_S, pace_s: float = PACE_S):
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
        self.rooms = AskRooms(redis, retention_s=retention_s, clock=clock)
        # One read per stream, never one XREADGROUP naming several: on a Redis Cluster they are in other slots.
        # Every bucket's stream: the caller's MovementFeed.streams (the ledger's bucket count, never a default).
        self.movements = list(movement_streams)
        self.legacy: list[str] = []  # the shared ask stream of before per-room streams, while it may count
        self.rooms_read: list[str] = []  # the rooms' ask streams, listed again on every drain

    @property
    def streams(self) -> list[str]:
        return [*self.legacy, *self.rooms_read, *self.movements]

    async def _ensure_groups(self) -> int:
        """Makes the movement groups once; a worker starting up then claims what its predecessor left (how many).

        A room's ask group is made when its stream is first read (`_adopt`): the stream exists from the room's
        first ask and expires a retention after its last, group and all, so no empty stream is ever made here."""
        if self._ready:
            return 0
        seconds, _ = await self.redis.time()
        for stream in self.movements:
            try:
                await self.redis.xgroup_create(stream, GROUP_NAME, id=self._start(seconds), mkstream=True)
            except ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise
        self.legacy = [LEGACY_ASKS_STREAM] if await self._keep_legacy(seconds) else []
        self.rooms_read = await self.rooms.streams()
        self._ready = True
        return await self._claim_abandoned()

    def _start(self, seconds: int) -> str:
        # A new group starts one retention period back: older entries would only make keys that expire at once.
        return f"{max(0, seconds - self.retention_s) * 1000}-0"

    async def _keep_legacy(self, seconds: int) -> bool:
        """Data written before per-room streams: read on until its newest ask is older than the retention,
        then deleted (nothing in it could count any more)."""
        newest = await self.redis.xrevrange(LEGACY_ASKS_STREAM, count=1)
        if not newest:
            return False
        if int(last_id(newest).split("-")[0]) < (seconds - self.retention_s) * 1000:
            await self.redis.delete(LEGACY_ASKS_STREAM)
            return False
        return await self._adopt(LEGACY_ASKS_STREAM, seconds)

    async def _adopt(self, stream: str, seconds: int | None = None) -> bool:
        """Makes the group on an existing ask stream; False when the stream is not there (expired, not yet written)."""
        if seconds is None:
            seconds, _ = await self.redis.time()
        try:
            await self.redis.xgroup_create(stream, GROUP_NAME, id=self._start(seconds), mkstream=False)
        except ResponseError as error:
            return "BUSYGROUP" in str(error)
        return True

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
                try:
                    answer = await self.redis.xautoclaim(stream, GROUP_NAME, self.name, self.claim_idle_ms,
                                                         start_id=cursor, count=BATCH)
                except ResponseError as error:
                    if _no_group(error) and stream not in self.movements:
                        break  # an ask stream that expired or was never read: nothing of it is pending
                    raise
                entries = [(text(i), text_map(f)) for i, f in answer[1] if f]
                trimmed = [i for i, f in answer[1] if i is not None and not f]  # Redis 6.2: deleted, still pending
                if trimmed:
                    await self.redis.xack(stream, GROUP_NAME, *trimmed)
                if entries and stream in self.movements:
                    await self.apply({}, {stream: entries})
                elif entries:
                    await self.apply({stream: entries}, {})
                total += len(entries)
                cursor = text(answer[0])
                if cursor == "0-0":
                    break
        return total

    async def drain(self) -> int:
        """Counts every entry not yet delivered to any worker, in every room listed now; returns how many."""
        async with self.lock:
            total = 0
            if self._ready:  # else _ensure_groups lists them (its claim needs them)
                self.rooms_read = await self.rooms.streams()
            while True:
                await self._ensure_groups()
                wanted = self.streams
                pipe = self.redis.pipeline(transaction=False)  # one XREADGROUP per stream, in one round trip
                for stream in wanted:
                    pipe.xreadgroup(GROUP_NAME, self.name, {stream: ">"}, count=BATCH)
                answers = await pipe.execute(raise_on_error=False)
                got: dict[str, Entries] = {}
                again = False
                for stream, answer in zip(wanted, answers, strict=True):
                    if isinstance(answer, Exception):
                        again = await self._lost_group(stream, answer) or again
                    else:
                        got.update((name, entries) for name, entries in streams(answer) if entries)
                if not got and not again:
                    return total
                moved = {name: got.pop(name) for name in self.movements if name in got}
                if got or moved:
                    await self.apply(got, moved)
                total += sum(len(entries) for entries in (*got.values(), *moved.values()))

    async def _lost_group(self, stream: str, error: Any) -> bool:
        """A read refused for want of its group: whether to read again."""
        if not isinstance(error, ResponseError) or not _no_group(error):
            raise error
        if stream in self.movements:
            if not self._ready:
                raise error
            self._ready = False  # the streams were deleted (FLUSHALL): make the groups again
            return True
        if stream == LEGACY_ASKS_STREAM:
            self.legacy = []  # another worker found it stale and deleted it
            return False
        return await self._adopt(stream)  # a room's stream, first read now (or expired: nothing to read)

    async def run(self) -> None:
        """The background loop: drain, then block until any stream has something newer."""
        seen: dict[str, str] = {}
        while True:
            stop_if_cancelled()
            try:
                if time.monotonic() - self._claimed_at >= self.claim_every_s:
                    await self.claim_abandoned()
                await self.drain()
                await asyncio.sleep(self.pace_s)
                current = self.streams
                # A stream new to the loop wakes it once (anything after 0-0); its newest id is taken then.
                seen = {name: seen.get(name, "0-0") for name in current}
                for name in await wait_for_news(self.redis, seen, self.block_ms):
                    seen[name] = last_id(await self.redis.xrevrange(name, count=1))  # drain takes all at once
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - keep following; Redis may be restarting or full
                await asyncio.sleep(self.trouble.failed(error))
            else:
                self.trouble.worked()


def _no_group(error: Exception) -> bool:
    return "NOGROUP" in str(error)
