"""Reads the ledger's movement streams (one per bucket, through the movement feed) by the ledger clock's ``ts``,
not by entry id.

Entry ids carry Redis' wall clock while ``ts`` carries the ledger's clock (a test's manual clock,
a replay's), so windows are cut on ``ts``. Scans walk each stream backwards and stop at the window's start; the
streams' movements are then merged by ``ts`` (a SKU's own movements are all in its bucket's stream, in order).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from assistant.infra.replies import entries
from assistant.ledger.feed import MovementFeed

PAGE = 2000


@dataclass(frozen=True)
class Movement:
    id: str
    type: str
    sku: str
    product: str
    qty: int
    before: int
    after: int
    on_hand: int
    sold: int
    ts: int
    actor: str = ""
    ref: str = ""
    channel: str = ""
    stream: str = ""
    reason: str = ""
    warehouse: str = ""  # issue 17: the warehouse a restock, count or transfer was at
    alloc: str = ""  # a sale's or cancel's units per warehouse: "GZ:3,SH:2"
    stock: str = ""  # a warehouse load's starting counts: "SH:30,GZ:12"
    to: str = ""  # a transfer's destination
    bundles: str = ""  # the bundles an order's component lines were sold as: "SET-1:2"

    @classmethod
    def of(cls, entry_id: str, fields: dict[str, str]) -> Movement:
        def number(name: str) -> int:
            return int(float(fields.get(name) or 0))

        return cls(entry_id, fields.get("type", ""), fields.get("sku", ""), fields.get("product", ""),
                   number("qty"), number("before"), number("after"), number("on_hand"), number("sold"),
                   number("ts"), fields.get("actor", ""), fields.get("ref", ""), fields.get("channel", ""),
                   fields.get("stream", ""), fields.get("reason", ""), fields.get("warehouse", ""),
                   fields.get("alloc", ""), fields.get("stock", ""), fields.get("to", ""),
                   fields.get("bundles", ""))


async def scan(feed: MovementFeed, *, since_ms: float | None = None, skus: Collection[str] | None = None,
               cap: int = 300_000) -> list[Movement]:
    """Movements with ts >= since_ms (all when None) of the given SKUs, oldest first, from every stream of the
    feed (at most `cap` entries read per stream): the streams merged by ts, each stream's own order kept."""
    found = [await _scan_stream(feed, stream, since_ms=since_ms, skus=skus, cap=cap) for stream in feed.streams]
    return list(heapq.merge(*found, key=lambda m: m.ts))


async def _scan_stream(feed: MovementFeed, stream: str, *, since_ms: float | None, skus: Collection[str] | None,
                       cap: int) -> list[Movement]:
    found: list[Movement] = []
    end, scanned = "+", 0
    while scanned < cap:
        rows = await feed.redis.xrevrange(stream, max=end, min="-", count=PAGE)
        if not rows:
            break
        reached_start = False
        page = entries(rows)
        for entry_id, fields in page:
            movement = Movement.of(entry_id, fields)
            if since_ms is not None and movement.ts < since_ms:
                reached_start = True
                break
            if skus is None or movement.sku in skus:
                found.append(movement)
        scanned += len(rows)
        if reached_start:
            break
        end = f"({page[-1][0]}"
    found.reverse()
    return found


@dataclass
class SkuSales:
    sold: int = 0
    cancelled: int = 0
    orders: set[str] = field(default_factory=set)
    cancelled_orders: set[str] = field(default_factory=set)

    @property
    def net(self) -> int:
        return self.sold - self.cancelled


def sales_by_sku(movements: Iterable[Movement]) -> dict[str, SkuSales]:
    tallies: dict[str, SkuSales] = {}
    for m in movements:
        if m.type == "sale":
            tally = tallies.setdefault(m.sku, SkuSales())
            tally.sold += -m.qty
            tally.orders.add(m.ref)
        elif m.type == "cancel":
            tally = tallies.setdefault(m.sku, SkuSales())
            tally.cancelled += m.qty
            tally.cancelled_orders.add(m.ref)
    return tallies
