"""The background task: XREAD BLOCK on the movement stream, hand new movements to the engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import ConnectionPool, Redis

from assistant.alerts.engine import AlertEngine
from assistant.alerts.lease import LeaderLease
from assistant.alerts.recovery import decode_rows
from assistant.ledger import keys

log = logging.getLogger("assistant.alerts")
BLOCK_MS = 500  # also how often pending (rate-capped) cards get a chance to go out
STOP_WAIT_S = 3.0


class AlertRunner:
    def __init__(self, engine: AlertEngine, lease: LeaderLease):
        self.engine = engine
        self.lease = lease
        self.leader = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="alert-engine")

    async def stop(self) -> None:
        """Cancels the loop and waits a bounded time: shutdown never hangs on a Redis read."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            done, _ = await asyncio.wait({self._task}, timeout=STOP_WAIT_S)
            if not done:
                log.warning("alert engine loop did not stop within %.0f s", STOP_WAIT_S)
        if self.leader:
            with contextlib.suppress(Exception):
                await self.lease.release()

    async def _run(self) -> None:
        # Its own connection: the blocking XREAD never waits behind (or holds up) the request pool.
        shared = self.engine.ledger.redis
        redis = Redis(connection_pool=ConnectionPool(**shared.connection_pool.connection_kwargs))
        try:
            while not self._stopping:
                await self._step(redis)
        finally:
            with contextlib.suppress(Exception):
                await redis.aclose()

    async def _step(self, redis: Redis) -> None:
        try:
            leader = await self.lease.hold()
            if leader and not self.leader:
                await self.engine.restore()  # another worker may have said things meanwhile
            self.leader = leader
            rows = await redis.xread({keys.MOVEMENTS: self.engine.cursor}, count=1000, block=BLOCK_MS)
            for _, entries in rows:
                await self.engine.process(decode_rows(entries), evaluate=leader)
            if leader:
                await self.engine.flush()
        except asyncio.CancelledError:
            raise
        except Exception:  # Redis restarting, a bad entry: log, wait, go on; never die silently
            log.exception("alert engine loop failed; retrying in 1 s")
            await asyncio.sleep(1)
