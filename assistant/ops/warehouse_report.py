"""The post-live report's warehouses, transfers and bundles (issue 17), from the same movements as its SKU books.

Each warehouse of each lineup SKU is followed from its last load: its starting count (the warehouse_load
movement), sales and cancels by the allocation they carry, restocks and counts at it, transfers out, in and
back. The computed shelf (on hand - sold) must equal the ledger's for that warehouse: any difference is listed.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from assistant.catalog.locations import DEFAULT_WAREHOUSE
from assistant.catalog.models import Product
from assistant.ledger.stock_views import bundle_views, warehouse_names
from assistant.ops.movements import Movement

if TYPE_CHECKING:
    from assistant.container import Services


def _pairs(text: str) -> list[tuple[str, int]]:
    """ "GZ:3,SH:2" -> [("GZ", 3), ("SH", 2)] """
    out = []
    for part in filter(None, text.split(",")):
        name, _, qty = part.rpartition(":")
        out.append((name, int(qty)))
    return out


def warehouse_books(movements: list[Movement]) -> dict[tuple[str, str], Counter[str]]:
    books: dict[tuple[str, str], Counter[str]] = {}

    def book(sku: str, warehouse: str) -> Counter[str]:
        return books.setdefault((sku, warehouse or DEFAULT_WAREHOUSE), Counter())

    for m in movements:
        if m.type == "load":  # a (re)load starts the SKU's books afresh; the warehouse rows follow it
            for key in [k for k in books if k[0] == m.sku]:
                del books[key]
            book(m.sku, DEFAULT_WAREHOUSE)["start"] = m.qty
        elif m.type == "warehouse_load":
            books.pop((m.sku, DEFAULT_WAREHOUSE), None)
            for warehouse, qty in _pairs(m.stock):
                book(m.sku, warehouse)["start"] = qty
        elif m.type in ("sale", "cancel"):
            sign = 1 if m.type == "sale" else -1
            for warehouse, qty in _pairs(m.alloc) or [(DEFAULT_WAREHOUSE, abs(m.qty))]:
                book(m.sku, warehouse)["sold"] += sign * qty
        elif m.type in ("restock", "correction"):
            book(m.sku, m.warehouse)["restocked" if m.type == "restock" else "corrected"] += m.qty
        elif m.type in ("transfer_out", "transfer_in", "transfer_cancel"):
            book(m.sku, m.warehouse)["transferred"] += m.qty
        elif m.type in ("pack", "unpack"):  # into kits (a component's units) or out of them (a kit's)
            book(m.sku, m.warehouse)["packed"] += m.qty
    return books


def room_pick_lists(movements: list[Movement], stream_id: str) -> dict[str, Counter[str]]:
    """warehouse -> SKU -> units to pick for the room's orders, net of their cancels (from the allocations)."""
    picks: dict[str, Counter[str]] = {}
    for m in movements:
        if m.type in ("sale", "cancel") and m.stream == stream_id:
            for warehouse, qty in _pairs(m.alloc) or [(DEFAULT_WAREHOUSE, abs(m.qty))]:
                picks.setdefault(warehouse, Counter())[m.sku] += qty if m.type == "sale" else -qty
    return picks


def bundles_sold(movements: list[Movement]) -> Counter[str]:
    """Bundles sold net of cancels: each order counted once, whichever component line tells it."""
    seen: set[tuple[str, str]] = set()
    sold: Counter[str] = Counter()
    for m in movements:
        if m.type not in ("sale", "cancel") or not m.bundles or (m.type, m.ref) in seen:
            continue
        seen.add((m.type, m.ref))
        for bundle, qty in _pairs(m.bundles):
            sold[bundle] += qty if m.type == "sale" else -qty
    return sold


async def warehouse_section(svc: Services, products: list[Product], movements: list[Movement]) -> dict[str, Any]:
    catalog = svc.catalog.catalog
    skus = [v.sku for p in products for v in p.variants if not v.is_virtual_bundle]
    figures = await svc.ledger.warehouses.figures(skus)
    books = warehouse_books(movements)
    names = warehouse_names(catalog)
    rows, differences = [], []
    totals: dict[str, Counter[str]] = {}
    for sku in skus:
        for f in figures.get(sku, []):
            b = books.get((sku, f.warehouse), Counter())
            computed = b["start"] + b["restocked"] + b["corrected"] + b["transferred"] + b["packed"] - b["sold"]
            rows.append({"sku": sku, "warehouse": f.warehouse, "name": names.get(f.warehouse, f.warehouse),
                         "start": b["start"], "sold": b["sold"], "restocked": b["restocked"],
                         "corrected": b["corrected"], "transferred": b["transferred"], "packed": b["packed"],
                         "stock_computed": computed,
                         "stock_ledger": f.stock, "sellable": f.sellable, "incoming": f.incoming})
            if computed != f.stock:
                differences.append({"sku": sku, "warehouse": f.warehouse, "ledger": f.stock, "movements": computed,
                                    "note": f"stock at {f.warehouse} differs by {f.stock - computed}"})
            total = totals.setdefault(f.warehouse, Counter())
            total.update({"sold": b["sold"], "stock": f.stock, "sellable": f.sellable, "incoming": f.incoming})
    transfers = await svc.ledger.warehouses.transfers(skus)
    sold = bundles_sold(movements)
    bundles = [{**view, "sold": sold.get(view["sku"], 0)} for p in products
               for view in await bundle_views(svc.ledger, catalog, p)]
    return {
        "warehouses": [{"warehouse": w, "name": names.get(w, w), **dict(t)} for w, t in totals.items()],
        "skus": rows, "transfers": transfers,
        "transfers_in_transit": sum(t["qty"] for t in transfers if t["status"] == "in_transit"),
        "bundles": bundles,
        "reconciliation": {"ok": not differences, "differences": differences},
    }
