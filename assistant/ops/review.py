"""What reviewers ask after a show, per product and per ABC tier / product role: sell-through, time to sell
out, asks-to-sales, unmet demand, and whether the next show should stock more or less of it.

Computed from the report's own SKU lines (movements checked against the ledger) and its demand section, so
every figure here traces back to figures the report already shows.
"""

from __future__ import annotations

from typing import Any

from assistant.catalog.models import Catalog

STOCK_MORE_SELL_THROUGH = 0.8  # sold most of what it had
STOCK_LESS_SELL_THROUGH = 0.2  # most of it is still there
REVIEW_CSV_FIELDS = ("product_id", "name", "tier", "role", "available", "net_sold", "sell_through",
                     "first_sold_out_min", "all_sold_out_min", "asks", "unmet_asks", "asks_per_sale", "next_show",
                     "reason")


def _advice(row: dict[str, Any]) -> tuple[str, str]:
    sold_out, unmet, through = row["first_sold_out_min"] is not None, row["unmet_asks"], row["sell_through"]
    if unmet and sold_out:
        return "more", f"sold out and {unmet} asks went unmet"
    if through is not None and through >= STOCK_MORE_SELL_THROUGH:
        return "more", f"sold {through:.0%} of its stock"
    if unmet >= max(5, 0.2 * max(row["net_sold"], 1)):
        return "more", f"{unmet} asks went unmet"
    if through is not None and through < STOCK_LESS_SELL_THROUGH and not unmet:
        return "less", f"sold only {through:.0%} of its stock and nobody was turned away"
    return "same", "sold steadily"


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole > 0 else None


def product_review(report: dict[str, Any], catalog: Catalog) -> list[dict[str, Any]]:
    start_ms = report["window"]["start_ms"]
    asks: dict[str, dict[str, int]] = {}
    for item in report["demand"].get("items", []):
        entry = asks.setdefault(str(item.get("product_id")), {"asks": 0, "unmet": 0})
        entry["asks"] += int(item.get("asks") or 0)
        entry["unmet"] += int(item.get("unmet_asks") or 0)
    rows: dict[str, dict[str, Any]] = {}
    for line in report["skus"]:
        row = rows.setdefault(line["product_id"], {"product_id": line["product_id"], "name": line["name"],
                                                   "available": 0, "net_sold": 0, "_sold_out": []})
        row["available"] += (line["start"] + line["restocked"] + line["corrections"] + line.get("transfers", 0)
                             + line.get("packed", 0))
        row["net_sold"] += line["sold"] - line["cancelled"]
        row["_sold_out"].append(line["sold_out_ms"] if line["sellable"] == 0 else None)
    out = []
    for pid, row in rows.items():
        product = catalog.product(pid)
        times = row.pop("_sold_out")
        gone = [t for t in times if t is not None]
        minutes = [round((t - start_ms) / 60_000) if start_ms and t >= start_ms else 0 for t in gone]
        demand = asks.get(pid, {"asks": 0, "unmet": 0})
        row.update(tier=product.tier if product else None, role=product.role if product else None,
                   sell_through=_ratio(row["net_sold"], row["available"]),
                   first_sold_out_min=min(minutes) if minutes else None,
                   all_sold_out_min=max(minutes) if minutes and len(gone) == len(times) else None,
                   asks=demand["asks"], unmet_asks=demand["unmet"],
                   asks_per_sale=_ratio(demand["asks"], row["net_sold"]))
        row["next_show"], row["reason"] = _advice(row)
        out.append(row)
    return out


def group_review(products: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for p in products:
        name = p.get(key) or "-"
        g = groups.setdefault(name, {key: name, "products": 0, "available": 0, "net_sold": 0, "asks": 0,
                                     "unmet_asks": 0, "sold_out_products": 0, "stock_more": 0, "stock_less": 0})
        g["products"] += 1
        for field in ("available", "net_sold", "asks", "unmet_asks"):
            g[field] += p[field]
        g["sold_out_products"] += p["first_sold_out_min"] is not None
        g["stock_more"] += p["next_show"] == "more"
        g["stock_less"] += p["next_show"] == "less"
    for g in groups.values():
        g["sell_through"] = _ratio(g["net_sold"], g["available"])
        g["asks_per_sale"] = _ratio(g["asks"], g["net_sold"])
    return sorted(groups.values(), key=lambda g: str(g[key]))


def review(report: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    products = product_review(report, catalog)
    return {"products": products, "by_tier": group_review(products, "tier"), "by_role": group_review(products, "role"),
            "stock_more": [p["product_id"] for p in products if p["next_show"] == "more"],
            "stock_less": [p["product_id"] for p in products if p["next_show"] == "less"]}
