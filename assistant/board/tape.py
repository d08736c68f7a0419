"""The board's view of the ledger's movements, every bucket's stream (the movement feed): one tail per worker,
shared by every screen.

It keeps what the big screen needs and a scan would be too slow for at 1,000 orders/s: each SKU's latest
sellable count, per-minute net sales (last hour, by the ledger clock) and per-room/channel session units.
Changes are batched: every FLUSH_S the SKUs that moved go out to each screen's queue in one event, so a
screen costs one SSE connection however many SKUs it shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.ledger.feed import Cursors, MovementFeed
from assistant.ops.movements import Movement

log = logging.getLogger("assistant.board")
FLUSH_S = 0.25
KEEP_MINUTES = 60
QUEUE_SIZE = 64


@dataclass
class SkuTape:
    sellable: int | None = None
    movement_id: str = ""
    minutes: dict[int, int] = field(default_factory=dict)  # ledger minute -> net units sold


class MovementTape:
    def __init__(self, feed: MovementFeed, clock: Callable[[], float], scan_cap: int):
        self.feed, self.clock, self.scan_cap = feed, clock, scan_cap
        self.skus: dict[str, SkuTape] = defaultdict(SkuTape)
        self.units: dict[tuple[str, str, str], int] = defaultdict(int)  # (stream, sku, channel) -> net units
        self._pending: dict[str, dict[str, Any]] = {}
        self._screens: set[asyncio.Queue[dict[str, Any]]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._cursors: Cursors = {}
        self.trouble = LoopTrouble("board tail", log)

    async def start(self) -> None:
        self._cursors = await self.feed.latest()
        # The session so far, bounded, up to where the tail starts (a movement in between is counted once).
        for entry_id, fields in await self.feed.recent(0, self._cursors, count=self.scan_cap):
            self._add(Movement.of(entry_id, fields), publish=False)
        self._tasks = [asyncio.create_task(self._tail(), name="board-tail"),
                       asyncio.create_task(self._flush(), name="board-flush")]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=3)

    def listen(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._screens.add(queue)
        return queue

    def leave(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._screens.discard(queue)

    def per_minute(self, sku: str, minutes: int) -> list[int]:
        """Net units sold in each of the last `minutes` ledger minutes, oldest first (the current one last)."""
        now = int(self.clock() // 60_000)
        buckets = self.skus[sku].minutes if sku in self.skus else {}
        return [buckets.get(now - i, 0) for i in range(minutes - 1, -1, -1)]

    def _add(self, m: Movement, publish: bool = True) -> None:
        tape = self.skus[m.sku]
        tape.sellable, tape.movement_id = m.after, m.id
        if m.type in ("sale", "cancel"):
            minute = m.ts // 60_000
            tape.minutes[minute] = tape.minutes.get(minute, 0) - m.qty  # a sale carries -qty, a cancel +qty
            for old in [k for k in tape.minutes if k < minute - KEEP_MINUTES]:
                del tape.minutes[old]
            self.units[(m.stream, m.sku, m.channel)] -= m.qty
        if publish:
            self._pending[m.sku] = {"sellable": m.after, "id": m.id, "type": m.type, "ref": m.ref}

    async def _tail(self) -> None:
        while True:
            stop_if_cancelled()
            try:
                batch = await self.feed.read(self._cursors, count=5000, block_ms=1000)
                for entry_id, fields in batch.entries():
                    self._add(Movement.of(entry_id, fields))
                self._cursors = batch.advance(self._cursors)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - a Redis blip must not stop the board; screens resync
                self._offer_all({"event": "resync"})
                await asyncio.sleep(self.trouble.failed(error))
            else:
                self.trouble.worked()

    async def _flush(self) -> None:
        while True:
            stop_if_cancelled()
            await asyncio.sleep(FLUSH_S)
            if self._pending:
                batch, self._pending = self._pending, {}
                self._offer_all({"event": "stock", "skus": batch})

    def _offer_all(self, event: dict[str, Any]) -> None:
        for queue in list(self._screens):
            if queue.full():  # a screen that cannot keep up gets a fresh snapshot instead of a backlog
                with contextlib.suppress(asyncio.QueueEmpty):
                    while True:
                        queue.get_nowait()
                queue.put_nowait({"event": "resync"})
            else:
                queue.put_nowait(event)
