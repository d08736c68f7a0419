"""The background task: a blocking read of every bucket's movement stream (the feed), new movements to the engine."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from assistant.alerts.engine import AlertEngine
from assistant.alerts.failover import EvaluatedCursor
from assistant.alerts.lease import LeaderLease, LeaseLost
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.redis_client import own_client
from assistant.ledger.feed import MovementFeed

log = logging.getLogger("assistant.alerts")
BLOCK_MS = 500  # also how often pending (rate-capped) cards get a chance to go out
STOP_WAIT_S = 3.0


class AlertRunner:
    def __init__(self, engine: AlertEngine, lease: LeaderLease, *, block_ms: int = BLOCK_MS):
        self.engine = engine
        self.lease = lease
        self.block_ms = block_ms
        self.evaluated = EvaluatedCursor(engine.ledger.redis, lease)
        engine.fence = lease  # while this runner drives the engine, only the lease holder's cards are saved
        self.leader = False
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.trouble = LoopTrouble("alert engine", log)

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
        self.leader = False
        self.engine.fence = None  # whoever drives the engine from now on (a tool, a test) is the only one

    async def _run(self) -> None:
        # Its own connection: the blocking XREAD never waits behind (or holds up) the request pool.
        shared = self.engine.ledger.redis
        redis = own_client(shared)
        feed = self.engine.feed.on(redis)
        try:
            while not self._stopping:
                stop_if_cancelled()
                await self._step(feed)
        finally:
            with contextlib.suppress(Exception):
                await redis.aclose()

    async def _step(self, feed: MovementFeed) -> None:
        try:
            await self.step(feed)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # Redis restarting or full, a bad entry: log, wait, go on; never die silently
            await asyncio.sleep(self.trouble.failed(error))
        else:
            self.trouble.worked()

    async def step(self, feed: MovementFeed | None = None) -> None:
        """One turn: hold or wait for the lease, read new movements, evaluate them if leading. `feed`: the
        engine's streams through the loop's own connection (default: the engine's, on the shared client)."""
        feed = feed or self.engine.feed
        leader = await self.lease.hold()
        try:
            if leader and not self.leader:
                await self.engine.restore()  # another worker may have said things meanwhile
                await self.evaluated.take_over(self.engine)
            self.leader = leader
            if not leader and self.engine.ratecap.streams_waiting():
                self.engine.forget_waiting()  # saying them later could repeat what the new leader said
            batch = await feed.read(self.engine.cursors, count=1000, block_ms=self.block_ms)
            if batch:
                await self.engine.process(batch, evaluate=leader)
            if leader:
                await self.engine.flush()
                await self.evaluated.save(self.engine.cursors)
        except LeaseLost:
            # The step outlived the lease and the fence refused its cards. Whoever takes the lease next (this
            # worker too) evaluates from the last cursor this worker saved: nothing lost, nothing said twice.
            log.warning("alert engine lost the lease mid-step; the next leader says what it could not")
            self.leader = False
