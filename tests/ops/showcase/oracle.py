"""Expected figures of the showcase session: plain arithmetic over scenario.py and catalog.json.

Independent of assistant/: nothing here imports the engine, so the labelled questions check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.ops.oracle import Sku, catalog_skus
from tests.ops.showcase import scenario as sc

NOW = sc.NOW_MINUTE


PRODUCTS = {p["id"]: p for p in sc.CATALOG["products"]}
ORDER = {o: (m, ch, room, sku, q) for m, o, ch, room, sku, q in sc.SALES}


def skus() -> dict[str, Sku]:
    table = catalog_skus(sc.CATALOG)
    for *_, sku, qty in sc.SALES:
        table[sku].sold += qty
    for _, order in sc.CANCELS:
        table[ORDER[order][3]].sold -= ORDER[order][4]
    for _, sku, qty in sc.RESTOCKS:
        table[sku].on_hand += qty
    for _, sku, counted in sc.CORRECTIONS:
        table[sku].on_hand += counted - table[sku].stock
    for minute, _, _, sku, qty, ttl in sc.HOLDS:
        if minute * 60 + ttl > NOW * 60:
            table[sku].held += qty
    for _, sku, _, qty, _ in sc.INCOMING:
        table[sku].incoming += qty
    return table


def of(product: str, colour: str | None = None, size: str | None = None) -> list[str]:
    return [s.sku for s in skus().values() if s.product == product
            and (colour is None or s.colour == colour) and (size is None or s.size == size)]


def lineup(room: str = sc.MAIN) -> list[str]:
    ids = [i["product_id"] for i in sorted(sc.LINEUPS[room], key=lambda i: i["link_no"])]
    return [s for pid in ids for s in of(pid)]


def link_product(room: str, link: int) -> str:
    return next(i["product_id"] for i in sc.LINEUPS[room] if i["link_no"] == link)


@dataclass
class Tally:
    sold: int = 0
    cancelled: int = 0
    orders: int = 0

    @property
    def net(self) -> int:
        return self.sold - self.cancelled


def sales(wanted: list[str] | set[str], window: int | None = None, *, room: str | None = None,
          channel: str | None = None) -> Tally:
    """Units of the SKUs sold / cancelled in the window (cancels counted when they happen)."""
    first = -1 if window is None else NOW - window
    t = Tally()
    for m, _, ch, rm, sku, q in sc.SALES:
        if m >= first and sku in wanted and room in (None, rm) and channel in (None, ch):
            t.sold += q
            t.orders += 1
    for m, order in sc.CANCELS:
        _, ch, rm, sku, q = ORDER[order]
        if m >= first and sku in wanted and room in (None, rm) and channel in (None, ch):
            t.cancelled += q
    return t


def per_hour(units: int, window: int) -> float:
    rate = round(units * 60 / window, 1)
    return int(rate) if rate == int(rate) else rate


def minutes_left(sku: str, window: int = 30) -> int | None:
    s = skus()[sku]
    net = sales({sku}, window).net
    return round(s.sellable * window / net) if net > 0 and s.sellable > 0 else None


def rows(scope: list[str], status: str) -> list[Sku]:
    table = skus()
    return [table[s] for s in scope if table[s].status == status]


def refused(room: str | None = None, window: int | None = None) -> list[tuple]:
    first = -1 if window is None else NOW - window
    return [r for r in sc.REFUSED if r[0] >= first and room in (None, r[3])]


def tier(t: str) -> set[str]:
    return {pid for pid, p in PRODUCTS.items() if p.get("tier") == t}


def role(r: str) -> set[str]:
    return {pid for pid, p in PRODUCTS.items() if p.get("role") == r}


def cold(room: str = sc.MAIN, window: int = 30) -> list[str]:
    """Lineup products with no sale in the last `window` minutes."""
    ids = [i["product_id"] for i in sorted(sc.LINEUPS[room], key=lambda i: i["link_no"])]
    return [pid for pid in ids if sales(set(of(pid)), window, room=room).sold == 0]
