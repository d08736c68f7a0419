"""Figures over the live room as a whole: sales split by channel or room, oversell check, cold products."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.catalog.models import Product, Variant
from assistant.ledger.feed import MovementFeed
from assistant.ops.movements import scan
from assistant.ops.sales_figures import per_hour
from assistant.ops.stock_figures import names

if TYPE_CHECKING:
    from assistant.container import Services


async def sales_split(svc: Services, variants: list[tuple[Product, Variant]], window_minutes: int | None, by: str,
                      stream: str, wanted: list[str] | None = None) -> dict[str, Any]:
    """Sold / cancelled / net / orders per channel (this room's orders) or per live room (all rooms)."""
    since = None if window_minutes is None else svc.clock() - window_minutes * 60_000
    skus = {v.sku for _, v in variants}
    movements = await scan(MovementFeed.of(svc.ledger), since_ms=since, skus=None if by == "room" else skus,
                           cap=svc.settings.ops_movement_scan_cap)
    groups: dict[str, dict[str, Any]] = {}
    for m in movements:
        if m.type not in ("sale", "cancel") or (by == "channel" and (m.sku not in skus or m.stream != stream)):
            continue
        key = m.channel if by == "channel" else m.stream
        if not key:
            continue
        row = groups.setdefault(key, {"key": key, "sold": 0, "cancelled": 0, "orders": set()})
        if m.type == "sale":
            row["sold"] += -m.qty
            row["orders"].add(m.ref)
        else:
            row["cancelled"] += m.qty
    for key in wanted or []:
        groups.setdefault(key, {"key": key, "sold": 0, "cancelled": 0, "orders": set()})
    rows = [{"key": r["key"], "sold": r["sold"], "cancelled": r["cancelled"], "net": r["sold"] - r["cancelled"],
             "orders": len(r["orders"]),
             "per_hour": per_hour(r["sold"] - r["cancelled"], window_minutes) if window_minutes else None}
            for r in groups.values() if not wanted or r["key"] in wanted]
    rows.sort(key=lambda r: (-r["net"], r["key"]))
    return {"by": by, "window_minutes": window_minutes, "stream_id": stream or None, "rows": rows}


async def oversell_check(svc: Services, products: list[tuple[Product, int | None]]) -> dict[str, Any]:
    """Variants whose sold units exceed what was sellable (on hand minus safety stock): should be none."""
    skus = [v.sku for p, _ in products for v in p.variants]
    stocks = await svc.ledger.read(skus)
    oversold = []
    for product, _ in products:
        for variant in product.variants:
            stock = stocks.get(variant.sku)
            if stock is not None and stock.sold > stock.on_hand - stock.safety_stock:
                oversold.append({**names(product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
                                 "over_by": stock.sold - (stock.on_hand - stock.safety_stock)})
    return {"oversold": len(oversold), "items": oversold, "variants_checked": len(skus)}


async def cold_products(svc: Services, products: list[tuple[Product, int | None]], window_minutes: int,
                        stream: str) -> dict[str, Any]:
    """Lineup products with no sale in this room over the window: on screen but not moving."""
    since = svc.clock() - window_minutes * 60_000
    skus = {v.sku for p, _ in products for v in p.variants}
    selling = {m.sku for m in await scan(MovementFeed.of(svc.ledger), since_ms=since, skus=skus, cap=svc.settings.ops_movement_scan_cap)
               if m.type == "sale" and (not stream or m.stream == stream)}
    cold = [{**names(p), "link": link, "tier": p.tier, "role": getattr(p, "role", None)}
            for p, link in products if not any(v.sku in selling for v in p.variants)]
    return {"window_minutes": window_minutes, "cold": cold, "products_checked": len(products)}
