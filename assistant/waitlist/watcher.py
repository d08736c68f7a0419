"""Follows the ledger's movements: stock coming back for a waitlisted variant makes one notice per room.

"Coming back" is any movement that raises a SKU's sellable count above zero: a restock, a received shipment,
a cancel, a released or expired hold, an upward count correction, in any of the ledger's buckets (the movement
feed: one cursor per bucket stream). The cursors of the last movements handled are kept in Redis (one key) and
moved only after a batch is fully handled, and every step after it is idempotent (the
notice by its return key, holds by their ids, the outbox by the notice's status, webhook events by id), so a
restart replays at most one batch and says nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.redis_client import own_client
from assistant.ledger.feed import Cursors, MovementFeed, dump_cursors, load_cursors
from assistant.ledger.service import Clock, Ledger
from assistant.waitlist import keys
from assistant.waitlist.store import WaitlistStore

log = logging.getLogger("assistant.waitlist")
Finish = Callable[[dict[str, Any]], Awaitable[None]]
BLOCK_MS = 1000


def notice_id(stream_id: str, return_key: str) -> str:
    return "wl-" + hashlib.blake2b(f"{stream_id}|{return_key}".encode(), digest_size=8).hexdigest()


def _returned(fields: dict[str, str]) -> int:
    """Sellable units this movement brought back, 0 when it took or kept them."""
    try:
        before, after = int(fields.get("before", 0)), int(fields.get("after", 0))
    except ValueError:
        return 0
    return after - before if after > before and after > 0 else 0


class NoticeWatcher:
    def __init__(self, ledger: Ledger, store: WaitlistStore, finish: Finish, *, clock: Clock,
                 catalog_product: Callable[[str], Any], cooldown_ms: int):
        self.ledger, self.store, self.finish, self.clock = ledger, store, finish, clock
        self.feed = MovementFeed.of(ledger)
        self.catalog_product = catalog_product  # sku -> product (or None)
        self.cooldown_ms = cooldown_ms
        self._lock = asyncio.Lock()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.trouble = LoopTrouble("waitlist notices", log)

    async def start_cursor(self) -> None:
        """First start ever: what happened before is history; after that the saved cursors are resumed (a
        cursor saved before buckets, one entry id, is the first bucket's)."""
        await self.ledger.redis.set(keys.MOVEMENT_CURSOR, dump_cursors(await self.feed.latest()), nx=True)

    async def cursors(self) -> Cursors:
        """Where each bucket's stream was handled up to ("0-0", from its start, when none is saved)."""
        saved = load_cursors(await self.ledger.redis.get(keys.MOVEMENT_CURSOR), self.feed.streams)
        return {**self.feed.at("0-0"), **saved}

    async def catch_up(self) -> int:
        """Handles every movement written so far in every bucket, then the returns whose cooldown has passed."""
        handled = 0
        async with self._lock:
            cursors = await self.cursors()
            while batch := await self.feed.read(cursors, count=1000):
                await self._handle(batch.entries())
                cursors = batch.advance(cursors)
                await self.ledger.redis.set(keys.MOVEMENT_CURSOR, dump_cursors(cursors))
                handled += len(batch)
            await self._finish_unfinished()
            await self._release_deferred()
        return handled

    async def _finish_unfinished(self) -> None:
        """Notices a stop cut short between taking the viewers and publishing (a replay finds the rest)."""
        for stream_id in await self.store.rooms_with("unfinished", await self.store.streams()):
            for notice in await self.store.unfinished(stream_id):
                if notice.get("status") == "issued":
                    await self.finish(notice)

    async def _handle(self, rows: list[tuple[str, dict[str, str]]]) -> None:
        sales = [f for _, f in rows if f.get("type") == "sale" and f.get("stream") and f.get("buyer")]
        if sales:
            rooms_with_lists = set(await self.store.streams())
            await self.store.count_bought([
                (f["stream"], f["sku"], f["buyer"], f.get("hold", "") if f.get("hold", "").startswith("wl-") else "")
                for f in sales if f["stream"] in rooms_with_lists])
        returns = [(i, f) for i, f in rows if f.get("sku") and _returned(f)]
        if not returns:
            return
        rooms = await self.store.rooms_of(sorted({f["sku"] for _, f in returns}))
        for entry_id, fields in returns:
            trigger: dict[str, Any] = {"movement_id": entry_id, "type": fields.get("type"), "returned": _returned(fields),
                       "after": int(fields["after"]), "ts": int(fields.get("ts", 0) or 0)}
            for stream_id in rooms.get(fields["sku"], []):
                await self.issue(stream_id, fields["sku"], f"{entry_id}|{fields['sku']}", trigger["ts"], trigger)

    async def issue(self, stream_id: str, sku: str, return_key: str, joined_before_ms: int,
                    trigger: dict[str, Any]) -> None:
        product = self.catalog_product(sku)
        variant = next((v for v in product.variants if v.sku == sku), None) if product else None
        now = int(self.clock())
        head: dict[str, Any] = {"id": notice_id(stream_id, return_key), "stream_id": stream_id, "sku": sku,
                "product_id": product.id if product else None, "colour": variant.colour if variant else None,
                "size": variant.size if variant else None, "ts": now, "trigger": trigger}
        issued = await self.store.issue(stream_id, sku, return_key, joined_before_ms, now, head["id"],
                                        self.cooldown_ms, head)
        if issued.notice is not None and issued.notice.get("status") == "issued":
            await self.finish(issued.notice)  # also after a restart that stopped between issue and publish

    async def _release_deferred(self) -> None:
        """Returns that came inside a variant's notice cooldown: said once the cooldown is over, if still there."""
        now = int(self.clock())
        for stream_id in await self.store.rooms_with("deferred", await self.store.streams()):
            skus = await self.store.due(stream_id, now)
            stocks = await self.ledger.read(skus) if skus else {}
            for sku in skus:
                stock = stocks.get(sku)
                if stock is None or stock.sellable <= 0:
                    continue  # gone again: the viewers keep waiting for the next return
                trigger = {"movement_id": None, "type": "deferred", "returned": stock.sellable,
                           "after": stock.sellable, "ts": now}
                await self.issue(stream_id, sku, f"due:{now}|{sku}", now, trigger)

    # --- background loop ----------------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="waitlist-notices")

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=3.0)

    async def _run(self) -> None:
        # Its own connection: the blocking XREAD (only a wake-up call) never holds up the request pool.
        shared = self.ledger.redis
        waker = own_client(shared)
        wake = self.feed.on(waker)
        try:
            while not self._stopping:
                stop_if_cancelled()
                try:
                    await self.catch_up()
                    await wake.read(await self.cursors(), count=1, block_ms=BLOCK_MS)
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # Redis restarting or full, a bad entry: log, wait, go on
                    await asyncio.sleep(self.trouble.failed(error))
                else:
                    self.trouble.worked()
        finally:
            with contextlib.suppress(Exception):
                await waker.aclose()
