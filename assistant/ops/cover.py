"""Days (or hours) of cover, reorder point, tier and suggested restock per variant, for "还够卖几天"."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from assistant.alerts import replenishment
from assistant.catalog.models import Product, Variant
from assistant.errors import PartNotRunning
from assistant.ops.stock_figures import date_time_text, names

if TYPE_CHECKING:
    from assistant.container import Services


async def stock_cover(svc: Services, stream_id: str | None, variants: list[tuple[Product, Variant]],
                      limit: int = 30) -> dict[str, Any]:
    """At the pace the alert engine measures (bulk orders clipped; no figure from a pace too thin to trust),
    with the next shipment on the way, most urgent first."""
    alerts = svc.alerts
    if alerts is None:  # the pace is the alert engine's: an app without it has none to tell
        raise PartNotRunning("the alerts part is not running on this server", code="alerts_unavailable")
    settings = alerts.settings.of(stream_id) if stream_id else alerts.settings.defaults
    now = int(svc.clock())
    offset = svc.settings.ops_utc_offset_minutes
    stocks = await svc.ledger.read([v.sku for _, v in variants])
    shipments = await svc.ledger.incoming([v.sku for _, v in variants if (s := stocks.get(v.sku)) and s.incoming])
    rows: list[dict[str, Any]] = []
    for product, variant in variants:
        stock = stocks.get(variant.sku)
        sellable, incoming = (stock.sellable, stock.incoming) if stock else (0, 0)
        pace = alerts.engine.velocity.of_sku(variant.sku, now, settings.trend_window_s)
        plan = replenishment.plan(sellable, incoming, product.restock_lead_hours, pace, settings).facts()
        upcoming = shipments.get(variant.sku) or []
        next_shipment = upcoming[0] if upcoming else None
        rows.append({**names(product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
                     "sellable": sellable, "incoming": incoming, **plan,
                     "next_shipment_qty": int(next_shipment["qty"]) if next_shipment else None,
                     "next_shipment_in_hours": round((int(next_shipment["eta_ms"]) - now) / 3_600_000, 1)
                     if next_shipment else None,
                     "next_shipment_eta": date_time_text(int(next_shipment["eta_ms"]), offset) if next_shipment else None,
                     **tier_levels(plan["reorder_point"])})
    rows.sort(key=lambda r: (r["cover_hours"] is None, r["cover_hours"] or 0, r["sku"]))
    return {"rows": rows[:limit], "variants_checked": len(rows),
            "without_pace": sum(1 for r in rows if r["cover_hours"] is None)}


def tier_levels(reorder_point: int | None) -> dict[str, int | None]:
    """The stock positions at which each reorder level starts (yellow 150 %, orange 100 %, red 50 %)."""
    return {f"{name}_at": None if reorder_point is None else math.floor(share * reorder_point)
            for name, share in replenishment.TIERS}


async def replenishment_section(svc: Services, stream_id: str, variants: list[tuple[Product, Variant]]) -> dict[str, Any]:
    """For the post-live report: the variants at a reorder tier (red first), with cover and suggested qty;
    `by_sku` has every variant's figures (the CSV's columns)."""
    if getattr(getattr(svc, "alerts", None), "engine", None) is None:
        return {"available": False, "items": [], "by_sku": {}}
    rows = (await stock_cover(svc, stream_id, variants, limit=len(variants)))["rows"]
    order = {"red": 0, "orange": 1, "yellow": 2}
    tiered = sorted((r for r in rows if r["tier"]), key=lambda r: (order[r["tier"]], r["cover_hours"] or 0))
    return {"available": True, "items": tiered, "by_sku": {r["sku"]: r for r in rows}}
