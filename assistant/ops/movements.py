"""Reads the ledger's movement stream (sa:movements) by the ledger clock's ``ts``, not by entry id.

Entry ids carry Redis' wall clock while ``ts`` carries the ledger's clock (a test's manual clock,
a replay's), so windows are cut on ``ts``. Scans walk backwards and stop at the window's start.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from redis.asyncio import Redis

from assistant.infra.replies import entries
from assistant.ledger.keys import MOVEMENTS

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


async def scan(redis: Redis, *, since_ms: float | None = None, skus: Collection[str] | None = None,
               cap: int = 300_000) -> list[Movement]:
    """Movements with ts >= since_ms (all when None) of the given SKUs, oldest first."""
    found: list[Movement] = []
    end, scanned = "+", 0
    while scanned < cap:
        rows = await redis.xrevrange(MOVEMENTS, max=end, min="-", count=PAGE)
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
