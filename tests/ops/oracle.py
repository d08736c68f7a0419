"""Expected figures of the scripted session, computed from the scenario and the catalog file alone.

Deliberately independent of assistant.ops: plain arithmetic over the event list, so the labelled
questions check the tools rather than repeat them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.ops import scenario

CATALOG = json.loads((Path(__file__).parents[2] / "assistant" / "data" / "sample-catalog.json").read_text())
LINEUP = [i["product_id"] for i in sorted(
    json.loads((Path(__file__).parents[2] / "assistant" / "data" / "sample-lineup.json").read_text())["items"],
    key=lambda i: i["link_no"])]
LINK = {pid: n for n, pid in enumerate(LINEUP, start=1)}


@dataclass
class Sku:
    sku: str
    product: str
    colour: str | None
    size: str | None
    start: int
    on_hand: int
    safety: int
    sold: int = 0
    held: int = 0
    incoming: int = 0

    @property
    def sellable(self) -> int:
        return max(0, self.on_hand - self.safety - self.sold - self.held)

    @property
    def stock(self) -> int:
        return self.on_hand - self.sold

    @property
    def status(self) -> str:
        if self.sellable <= 0:
            return "sold_out"
        return "low" if self.sellable <= max(0.2 * max(0, self.start - self.safety), 10) else "in_stock"


def catalog_skus(catalog: dict) -> dict[str, Sku]:
    """Every variant of a catalog file as loaded: nothing sold, held or incoming yet."""
    return {v["sku"]: Sku(v["sku"], p["id"], v.get("colour"), v.get("size"), v["on_hand"], v["on_hand"],
                          v.get("safety_stock", 0)) for p in catalog["products"] for v in p["variants"]}


def skus() -> dict[str, Sku]:
    table = catalog_skus(CATALOG)
    order_qty = {o: (s, q) for _, o, s, q in scenario.SALES}
    for _, _, sku, qty in scenario.SALES:
        table[sku].sold += qty
    for _, order in scenario.CANCELS:
        sku, qty = order_qty[order]
        table[sku].sold -= qty
    for _, sku, qty in scenario.RESTOCKS:
        table[sku].on_hand += qty
    for _, sku, counted in scenario.CORRECTIONS:
        table[sku].on_hand += counted - table[sku].stock
    return table  # holds have expired by NOW_MINUTE, so none is held


def product_skus(product_id: str) -> list[Sku]:
    return [s for s in skus().values() if s.product == product_id]


def window_sales(window: int | None, wanted: set[str]) -> tuple[int, int, int]:
    """(sold, cancelled, orders) of the SKUs over the last `window` minutes (all when None)."""
    first = -1 if window is None else scenario.NOW_MINUTE - window
    order_qty = {o: (s, q) for _, o, s, q in scenario.SALES}
    sold = sum(q for m, _, s, q in scenario.SALES if m >= first and s in wanted)
    orders = len({o for m, o, s, _ in scenario.SALES if m >= first and s in wanted})
    cancelled = sum(order_qty[o][1] for m, o in scenario.CANCELS if m >= first and order_qty[o][0] in wanted)
    return sold, cancelled, orders


def per_hour(units: int, window: int) -> float:
    return round(units * 60 / window, 1)


def lineup_skus() -> set[str]:
    return {s.sku for s in skus().values() if s.product in LINK}
