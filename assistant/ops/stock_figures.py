"""Stock figures for the ops tools: one product's variants, what is low or sold out, incoming, history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from assistant.catalog.models import Product, Variant
from assistant.ledger.models import SkuStock
from assistant.ops.resolve import Target

if TYPE_CHECKING:
    from assistant.container import Services


def clock_text(ms: float, offset_minutes: int, *, seconds: bool = False) -> str:
    """Shop-local wall time of a ledger timestamp (the offset is a setting: live rooms keep one zone)."""
    moment = datetime.fromtimestamp(ms / 1000, UTC) + timedelta(minutes=offset_minutes)
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def date_time_text(ms: float, offset_minutes: int) -> str:
    """Shop-local date and time, for moments days away (a cross-border shipment's ETA)."""
    moment = datetime.fromtimestamp(ms / 1000, UTC) + timedelta(minutes=offset_minutes)
    return moment.strftime("%Y-%m-%d %H:%M")


def eta_text(eta_ms: float, now_ms: float, offset_minutes: int) -> str:
    """A clock time for a moment later today, the date too for one days away (a 240 h cross-border shipment)."""
    day = timedelta(minutes=offset_minutes)
    same_day = (datetime.fromtimestamp(eta_ms / 1000, UTC) + day).date() == (
        datetime.fromtimestamp(now_ms / 1000, UTC) + day).date()
    return clock_text(eta_ms, offset_minutes) if same_day else date_time_text(eta_ms, offset_minutes)


def names(product: Product) -> dict[str, str]:
    return {"product_id": product.id, "name_zh": product.display_name_zh, "name_en": product.display_name_en}


async def scope_products(svc: Services, stream_id: str) -> list[tuple[Product, int | None]]:
    """The live room's lineup (with link numbers), or the whole catalog when no room is known."""
    catalog = svc.catalog.catalog
    if stream_id:
        state = await svc.streams.state(stream_id)
        picked: list[tuple[Product | None, int | None]] = [(catalog.product(pid), link)
                                                           for link, pid in sorted(state.lineup.items())]
        if state.focus and state.focus not in state.lineup.values():
            picked.insert(0, (catalog.product(state.focus), None))
        lineup: list[tuple[Product, int | None]] = [(p, link) for p, link in picked if p is not None]
        if lineup:
            return lineup
    return [(p, None) for p in catalog.products]


def variant_row(svc: Services, variant: Variant, stock: SkuStock | None) -> dict[str, Any]:
    return {
        "sku": variant.sku, "colour": variant.colour, "size": variant.size,
        "sellable": stock.sellable if stock else 0,
        "stock": stock.stock if stock else 0,
        "held": stock.held if stock else 0,
        "safety_stock": stock.safety_stock if stock else 0,
        "status": svc.low_stock.status(stock),
        "incoming": stock.incoming if stock else 0,
    }


async def stock_of(svc: Services, target: Target) -> dict[str, Any]:
    stocks = await svc.ledger.read([v.sku for v in target.variants])
    rows = [variant_row(svc, v, stocks.get(v.sku)) for v in target.variants]
    return {**names(target.product), "link": target.link, "colour": target.colour, "size": target.size,
            "variants": rows, "total_sellable": sum(r["sellable"] for r in rows)}


async def low_and_sold_out(svc: Services, stream_id: str, products: list[tuple[Product, int | None]]) -> dict[str, Any]:
    skus = [v.sku for p, _ in products for v in p.variants]
    stocks = await svc.ledger.read(skus)
    sold_out: list[dict[str, Any]] = []
    low: list[dict[str, Any]] = []
    for product, link in products:
        for variant in product.variants:
            row = {**names(product), "link": link, **variant_row(svc, variant, stocks.get(variant.sku))}
            if row["status"] == "sold_out":
                sold_out.append(row)
            elif row["status"] == "low":
                low.append(row)
    low.sort(key=lambda r: (r["sellable"], r["sku"]))
    return {"stream_id": stream_id, "sold_out": sold_out, "low": low,
            "variants_checked": len(skus)}


async def incoming(svc: Services, variants: list[tuple[Product, Variant]]) -> dict[str, Any]:
    stocks = await svc.ledger.read([v.sku for _, v in variants])
    waiting = [(p, v) for p, v in variants if (s := stocks.get(v.sku)) is not None and s.incoming > 0]
    shipments = await svc.ledger.incoming([v.sku for _, v in waiting])  # one round trip for all of them
    rows: list[dict[str, Any]] = []
    for product, variant in waiting:
        for shipment in shipments[variant.sku]:
            eta = int(shipment["eta_ms"])
            rows.append({**names(product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
                         "shipment_id": shipment["shipment_id"], "qty": int(shipment["qty"]),
                         "eta_ms": eta, "eta": eta_text(eta, svc.clock(), svc.settings.ops_utc_offset_minutes),
                         "eta_in_minutes": round((eta - svc.clock()) / 60_000),
                         "eta_in_days": round((eta - svc.clock()) / 86_400_000, 1)})
    rows.sort(key=lambda r: (r["eta_ms"], r["sku"]))
    return {"shipments": rows, "total_qty": sum(r["qty"] for r in rows)}


async def history(svc: Services, target: Target, limit: int) -> dict[str, Any]:
    variant = target.variants[0]
    offset = svc.settings.ops_utc_offset_minutes
    entries = await svc.ledger.sku_history(variant.sku, limit=limit)
    rows = [{"time": clock_text(float(e.get("ts") or 0), offset, seconds=True), "type": e.get("type", ""),
             "qty": int(e.get("qty") or 0), "ref": e.get("ref", ""), "channel": e.get("channel", ""),
             "actor": e.get("actor", ""), "sellable_after": int(e.get("after") or 0)} for e in entries]
    return {**names(target.product), "sku": variant.sku, "colour": variant.colour, "size": variant.size,
            "movements": rows}
