"""What one board screen shows for its live rooms, built from the ledger, the tape, demand and cards."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from assistant.alerts.levels import Level, count_level, stock_thresholds
from assistant.alerts.settings import AlertSettings
from assistant.board.tape import MovementTape
from assistant.catalog.models import Product
from assistant.errors import AppError
from assistant.ops.stock_figures import clock_text, eta_text, names, scope_products

if TYPE_CHECKING:
    from assistant.container import Services

SPARK_MINUTES = 30  # the sparkline and the sales pace cover the last half hour
COLD_MINUTES = 15  # on screen this long without a sale: marked cold


def _pace(per_minute: list[int]) -> float:
    return max(0, sum(per_minute)) / len(per_minute)


async def room_view(svc: Services, tape: MovementTape, stream_id: str) -> dict[str, Any]:
    lineup = await scope_products(svc, stream_id)
    skus = [v.sku for p, _ in lineup for v in p.variants]
    stocks = await svc.ledger.read(skus)
    settings = _alert_settings(svc, stream_id)
    waiting = await _waiting(svc, stream_id)
    products = [_product_view(svc, tape, stream_id, product, link, stocks, settings, waiting)
                for product, link in lineup]
    incoming = await svc.ledger.incoming([s for s in skus if (st := stocks.get(s)) is not None and st.incoming > 0])
    shipments = [{"sku": sku, "shipment_id": s["shipment_id"], "qty": int(s["qty"]),
                  "eta": eta_text(int(s["eta_ms"]), svc.clock(), svc.settings.ops_utc_offset_minutes),
                  **({"warehouse": s["warehouse"], "transfer": s.get("transfer")} if "warehouse" in s else {})}
                 for sku, rows in incoming.items() for s in rows]
    waitlist = sorted(({"sku": v["sku"], "product_id": p["product_id"], "name_zh": p["name_zh"],
                        "colour": v["colour"], "size": v["size"], "waiting": v["waiting"], "sellable": v["sellable"]}
                       for p in products for v in p["variants"] if v["waiting"] > 0),
                      key=lambda row: (-row["waiting"], row["sku"]))
    return {"stream_id": stream_id, "products": products, "asks": await _asks(svc, stream_id),
            "cards": await _cards(svc, stream_id), "incoming": shipments, "waitlist": waitlist[:8],
            "warehouses": await _warehouses(svc, skus)}


async def _waiting(svc: Services, stream_id: str) -> dict[str, int]:
    """Viewers waiting per variant in the room (issue 16's waitlists): {} where the waitlist part is not wired."""
    waitlist = getattr(svc, "waitlist", None)
    if waitlist is None or not hasattr(waitlist, "sizes"):
        return {}
    with contextlib.suppress(AppError):
        return dict(await waitlist.sizes(stream_id))
    return {}


async def _warehouses(svc: Services, skus: list[str]) -> list[dict[str, Any]]:
    """issue 17: the room's sellable units per warehouse (empty for a catalog without warehouses)."""
    catalog = svc.catalog.catalog
    if not catalog.warehouses:
        return []
    figures = await svc.ledger.warehouses.figures(svc.ledger.layout.ledger_skus(skus))
    totals: dict[str, dict[str, int]] = {}
    for rows in figures.values():
        for f in rows:
            total = totals.setdefault(f.warehouse, {"sellable": 0, "incoming": 0})
            total["sellable"] += f.sellable
            total["incoming"] += f.incoming
    names = {w.id: w.display_name for w in catalog.warehouses}
    return [{"warehouse": w, "name": names.get(w, w), **t} for w, t in totals.items()]


def _alert_settings(svc: Services, stream_id: str) -> AlertSettings:
    """The room's own alert thresholds, as its cards use them (the alerts part caches them per stream)."""
    per_stream = getattr(getattr(svc, "alerts", None), "settings", None)
    if per_stream is not None:
        return per_stream.of(stream_id)
    return svc.settings.alert_defaults()  # the alerts part not started (a board-only app)


LEVEL_NAMES = {Level.SOLD_OUT: "sold_out", Level.CRITICAL: "critical", Level.LOW: "low", Level.OK: "in_stock"}


def _variant_level(sellable: int, base: int, settings: AlertSettings, tier: str | None) -> dict[str, Any]:
    """The card's count rule, tier-aware; the thresholds go to the page so a pushed count recolours by it too."""
    thresholds = stock_thresholds(base, settings, tier)
    return {"level": LEVEL_NAMES[count_level(sellable, thresholds)],
            "low_at": round(thresholds.low, 2), "critical_at": round(thresholds.critical, 2)}


def _product_view(svc: Services, tape: MovementTape, stream_id: str, product: Product, link: int | None,
                  stocks: dict[str, Any], settings: AlertSettings, waiting: dict[str, int]) -> dict[str, Any]:
    variants, series = [], [0] * SPARK_MINUTES
    for v in product.variants:
        stock = stocks.get(v.sku)
        minutes = tape.per_minute(v.sku, SPARK_MINUTES)
        series = [a + b for a, b in zip(series, minutes, strict=True)]
        pace = _pace(minutes)
        sellable, base = (stock.sellable, stock.starting_sellable) if stock else (0, 0)
        variants.append({"sku": v.sku, "colour": v.colour, "size": v.size, "sellable": sellable,
                         "start_sellable": base, "status": svc.low_stock.status(stock),
                         **_variant_level(sellable, base, settings, product.tier),
                         "incoming": stock.incoming if stock else 0, "waiting": waiting.get(v.sku, 0),
                         "sellout_minutes": round(sellable / pace) if pace > 0 and sellable > 0 else None})
    pace = _pace(series)
    sellable = sum(v["sellable"] for v in variants)
    cover_hours = round(sellable / (pace * 60), 1) if pace > 0 else None
    lead = product.restock_lead_hours
    channels: dict[str, int] = {}
    mine = {v.sku for v in product.variants}
    for (stream, sku, channel), units in tape.units.items():
        if stream == stream_id and sku in mine and channel:
            channels[channel] = channels.get(channel, 0) + units
    soonest = [v["sellout_minutes"] for v in variants if v["sellout_minutes"] is not None]
    return {**names(product), "link": link, "tier": product.tier, "role": product.role, "restock_lead_hours": lead,
            "variants": variants, "per_minute": series, "pace_per_min": round(pace, 2),
            "sellout_minutes": min(soonest) if soonest else None, "cover_hours": cover_hours,
            "cover_short": cover_hours is not None and lead is not None and cover_hours < lead,
            "channels": channels, "session_units": sum(channels.values()),
            "waiting": sum(v["waiting"] for v in variants),
            "cold": link is not None and sum(series[-COLD_MINUTES:]) <= 0 and sellable > 0}


async def _asks(svc: Services, stream_id: str) -> dict[str, Any]:
    demand = getattr(svc, "demand", None)
    if demand is None or not hasattr(demand, "top"):
        return {"available": False, "top": [], "unmet": []}
    with contextlib.suppress(AppError):
        items = await demand.top(stream_id, window_s=None, flagged_only=False, limit=20)
        fields = ("product_id", "name", "name_en", "colour", "size", "asks", "unmet_asks")
        rows = [{k: i.get(k) for k in fields} for i in items]
        return {"available": True, "top": rows[:5], "unmet": [r for r in rows if int(r["unmet_asks"] or 0) > 0][:5]}
    return {"available": False, "top": [], "unmet": []}


async def _cards(svc: Services, stream_id: str) -> list[dict[str, Any]]:
    store = getattr(getattr(svc, "alerts", None), "store", None)
    if store is None or not hasattr(store, "list_cards"):
        return []
    fields = ("id", "product_id", "name_zh", "name_en", "level", "line_zh", "line_en")
    return [c.model_dump(mode="json", include=set(fields)) for c in await store.list_cards(stream_id, limit=20)
            if not c.acknowledged]


async def board_view(svc: Services, tape: MovementTape, rooms: list[str]) -> dict[str, Any]:
    rule = svc.low_stock
    return {"now_ms": int(svc.clock()), "now": clock_text(svc.clock(), svc.settings.ops_utc_offset_minutes),
            "rule": {"ratio": rule.ratio, "units": rule.units}, "spark_minutes": SPARK_MINUTES,
            "rooms": [await room_view(svc, tape, room) for room in rooms]}
