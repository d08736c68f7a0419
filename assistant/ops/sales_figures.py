"""Sales figures from the movement stream: units over a window, velocity, best sellers, sell-out forecasts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.catalog.models import Product, Variant
from assistant.ledger.feed import MovementFeed
from assistant.ops.movements import SkuSales, sales_by_sku, scan
from assistant.ops.stock_figures import names

if TYPE_CHECKING:
    from assistant.container import Services


def per_hour(units: int, window_minutes: int) -> float | int:
    rate = round(units * 60 / window_minutes, 1)
    return int(rate) if rate == int(rate) else rate


def _since(svc: Services, window_minutes: int | None) -> float | None:
    return None if window_minutes is None else svc.clock() - window_minutes * 60_000


async def _tallies(svc: Services, window_minutes: int | None, skus: set[str], *, stream: str = "",
                   channel: str = "") -> dict[str, SkuSales]:
    """Per-SKU sales over the window; only the live room's own orders when `stream` is set."""
    movements = await scan(MovementFeed.of(svc.ledger), since_ms=_since(svc, window_minutes), skus=skus,
                           cap=svc.settings.ops_movement_scan_cap)
    return sales_by_sku(m for m in movements if (not stream or m.stream == stream)
                        and (not channel or m.channel == channel))


async def sales(svc: Services, variants: list[tuple[Product, Variant]], window_minutes: int | None, *, stream: str = "",
                channel: str = "") -> dict[str, Any]:
    """Units sold and cancelled over the window (the whole recorded history when None), in one room/channel."""
    tallies = await _tallies(svc, window_minutes, {v.sku for _, v in variants}, stream=stream, channel=channel)
    sold = sum(t.sold for t in tallies.values())
    cancelled = sum(t.cancelled for t in tallies.values())
    orders = len({o for t in tallies.values() for o in t.orders})
    rows: list[dict[str, Any]] = []
    for product, variant in variants:
        tally = tallies.get(variant.sku)
        if tally and (tally.sold or tally.cancelled):
            rows.append({**names(product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
                         "sold": tally.sold, "cancelled": tally.cancelled, "net": tally.net})
    rows.sort(key=lambda r: (-r["net"], r["sku"]))
    rate = per_hour(sold - cancelled, window_minutes) if window_minutes else None
    return {"window_minutes": window_minutes, "stream_id": stream or None, "channel": channel or None,
            "units_sold": sold, "units_cancelled": cancelled, "net_units": sold - cancelled, "orders": orders,
            "orders_cancelled": len({o for t in tallies.values() for o in t.cancelled_orders}),
            "per_hour": rate, "by_sku": rows[:10]}


async def best_sellers(svc: Services, products: list[tuple[Product, int | None]], window_minutes: int | None,
                       limit: int, by_variant: bool, *, stream: str = "") -> dict[str, Any]:
    """Ranked by net units (sold minus cancelled) in the room; ties keep lineup order."""
    tallies = await _tallies(svc, window_minutes, {v.sku for p, _ in products for v in p.variants}, stream=stream)
    rows: list[dict[str, Any]] = []
    for product, link in products:
        if by_variant:
            for variant in product.variants:
                tally = tallies.get(variant.sku)
                if tally and tally.net > 0:
                    rows.append({**names(product), "link": link, "sku": variant.sku, "colour": variant.colour,
                                 "size": variant.size, "units": tally.net, "orders": len(tally.orders)})
        else:
            mine = [tallies[v.sku] for v in product.variants if v.sku in tallies]
            units = sum(t.net for t in mine)
            if units > 0:
                rows.append({**names(product), "link": link, "units": units,
                             "orders": len({o for t in mine for o in t.orders})})
    rows.sort(key=lambda r: -r["units"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return {"window_minutes": window_minutes, "by": "variant" if by_variant else "product",
            "items": rows[:limit]}


async def forecast(svc: Services, variants: list[tuple[Product, Variant]], window_minutes: int, limit: int,
                   specific: bool) -> dict[str, Any]:
    """Minutes until sellable stock runs out at the window's net sales rate; none without recent sales."""
    tallies = await _tallies(svc, window_minutes, {v.sku for _, v in variants})
    stocks = await svc.ledger.read([v.sku for _, v in variants])
    rows = []
    for product, variant in variants:
        stock = stocks.get(variant.sku)
        sellable = stock.sellable if stock else 0
        net = tallies[variant.sku].net if variant.sku in tallies else 0
        minutes = round(sellable * window_minutes / net) if net > 0 and sellable > 0 else None
        if not specific and minutes is None:
            continue
        rows.append({**names(product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
                     "sellable": sellable, "sold_in_window": max(net, 0),
                     "per_hour": per_hour(max(net, 0), window_minutes), "minutes_left": minutes})
    rows.sort(key=lambda r: (r["minutes_left"] is None, r["minutes_left"] or 0, r["sku"]))
    return {"window_minutes": window_minutes, "items": rows[:limit]}
