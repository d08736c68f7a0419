"""Pieces of the post-live report: best sellers, the sales curve, demand, and the CSV/SVG renderings."""

from __future__ import annotations

import csv
import io
import logging
from typing import TYPE_CHECKING, Any

from assistant.errors import AppError
from assistant.ops.movements import Movement
from assistant.ops.review import REVIEW_CSV_FIELDS

if TYPE_CHECKING:
    from assistant.container import Services

log = logging.getLogger("assistant.ops")
CURVE_POINTS = 240
BOM = "\ufeff"  # the byte-order mark: spreadsheet programs (Excel) then read the Chinese names as UTF-8
CSV_FIELDS = ("sku", "product_id", "name", "link", "colour", "size", "start", "sold", "cancelled", "expired_holds",
              "restocked", "corrections", "end_computed", "end_ledger", "sold_ledger", "sellable", "sold_in_stream",
              "sold_out_at")
# Replenishment per SKU at the end of the report window (empty where the pace is too thin to plan from).
REPLENISHMENT_CSV_FIELDS = ("incoming", "next_shipment_qty", "next_shipment_eta", "per_hour", "cover_hours",
                            "cover_days", "lead_hours", "reorder_point", "yellow_at", "orange_at", "red_at", "tier",
                            "suggested_qty")


def best_sellers(rows: list[dict[str, Any]], limit: int = 5) -> list[dict[str, Any]]:
    by_product: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_product.setdefault(r["product_id"], {"product_id": r["product_id"], "name": r["name"],
                                                        "link": r["link"], "units": 0})
        entry["units"] += r["sold"] - r["cancelled"]
    ranked = sorted((e for e in by_product.values() if e["units"] > 0), key=lambda e: -e["units"])
    return [{**e, "rank": i} for i, e in enumerate(ranked[:limit], start=1)]


def curve(sales: list[Movement], start_ms: int | None, end_ms: int) -> list[list[int]]:
    """Cumulative net units sold as [ts_ms, units] steps, thinned to CURVE_POINTS evenly spaced points."""
    if start_ms is None:
        return []
    points, total = [[start_ms, 0]], 0
    for m in sales:
        total -= m.qty  # a sale carries -qty (adds), a cancel +qty (takes back)
        points.append([m.ts, total])
    points.append([end_ms, total])
    if len(points) <= CURVE_POINTS:
        return points
    step = (len(points) - 1) / (CURVE_POINTS - 1)
    return [points[round(i * step)] for i in range(CURVE_POINTS)]


def svg_polyline(points: list[list[int]], width: int = 640, height: int = 200, pad: int = 24) -> dict[str, Any]:
    if not points:
        return {"points": "", "width": width, "height": height, "max": 0}
    t0, t1 = points[0][0], max(points[-1][0], points[0][0] + 1)
    top = max(max(p[1] for p in points), 1)
    coords = []
    for ts, units in points:
        x = pad + (ts - t0) / (t1 - t0) * (width - 2 * pad)
        y = height - pad - max(units, 0) / top * (height - 2 * pad)
        coords.append(f"{x:.1f},{y:.1f}")
    return {"points": " ".join(coords), "width": width, "height": height, "max": top, "pad": pad}


async def demand_section(svc: Services, stream_id: str) -> dict[str, Any]:
    demand = svc.demand
    if demand is None or not hasattr(demand, "top"):
        return {"available": False, "items": [], "unmet": []}
    try:
        items = await demand.top(stream_id, window_s=None, flagged_only=False, limit=20)
    except AppError as error:  # e.g. no demand recorded for this room
        return {"available": False, "items": [], "unmet": [], "note": error.message}
    unmet = [i for i in items if int(i.get("unmet_asks") or 0) > 0]
    return {"available": True, "items": items, "unmet": unmet,
            "asks": sum(int(i.get("asks") or 0) for i in items),
            "unmet_asks": sum(int(i.get("unmet_asks") or 0) for i in unmet)}


async def waitlist_section(svc: Services, stream_id: str) -> dict[str, Any]:
    """Waitlisted, notified, held, bought within the hold and after the notice, per variant (issue 16)."""
    waitlist = svc.waitlist
    if waitlist is None:
        return {"available": False, "totals": {}, "variants": []}
    await waitlist.catch_up()
    return {"available": True, **await waitlist.report(stream_id)}


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS + REPLENISHMENT_CSV_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    plans = report.get("replenishment", {}).get("by_sku", {})
    for row in report["skus"]:
        plan = {k: v for k, v in plans.get(row["sku"], {}).items() if k in REPLENISHMENT_CSV_FIELDS}
        writer.writerow({**row, **plan})
    writer.writerow({"sku": "TOTAL", **{k: v for k, v in report["totals"].items() if k in CSV_FIELDS}})
    return BOM + out.getvalue()


def review_csv(report: dict[str, Any]) -> str:
    """The per-product review as CSV, then one line per tier and per role (kind column says which)."""
    out = io.StringIO()
    fields = ("kind", *REVIEW_CSV_FIELDS)
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report["review"]["products"]:
        writer.writerow({"kind": "product", **row})
    for key in ("tier", "role"):
        for group in report["review"][f"by_{key}"]:
            writer.writerow({"kind": key, **group, "product_id": group[key], "name": ""})
    return BOM + out.getvalue()
