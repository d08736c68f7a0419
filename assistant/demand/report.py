"""From counts to ranked demand items with their flags (frequent, unmet) and the figures behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.demand import keys
from assistant.demand.reading import Counts, Window
from assistant.demand.signals import Conversion, baseline, conversion, restock_estimate


@dataclass(frozen=True)
class Thresholds:
    frequent_min_asks: int = 5
    frequent_min_askers: int = 3
    frequent_z: float = 3.5
    unmet_min_asks: int = 3
    conversion_prior: float = 0.25


def matching_skus(product: Product | None, colour: str | None, size: str | None) -> list[str]:
    if product is None:
        return []
    return [v.sku for v in product.variants
            if (colour is None or v.colour == colour) and (size is None or v.size == size)]


def stream_conversion(session: Counts, catalog: Catalog, prior: float) -> Conversion:
    """Buyers per asker on variants asked about while in stock, over the whole session (short windows see
    the asks before the orders they lead to)."""
    products = {p.id: p for p in catalog.products}
    pairs: list[tuple[int, int]] = []
    for item, _ in session.asks.items():
        if keys.is_group(item):
            continue
        product_id, colour, size = keys.split_item(item)
        skus = matching_skus(products.get(product_id), colour, size)
        if len(skus) == 1:
            in_stock_askers = session.askers.get(item, 0) - session.unmet_askers.get(item, 0)
            pairs.append((session.orders.get(skus[0], 0), max(0, in_stock_askers)))
    return conversion(pairs, prior)


def build_items(counts: Counts, window: Window, catalog: Catalog, rate: Conversion,
                limits: Thresholds) -> list[dict[str, Any]]:
    products = {p.id: p for p in catalog.products}
    items = [i for i in counts.asks if not keys.is_group(i) and counts.asks[i] > 0]
    base = baseline([counts.asks[i] for i in items])
    rows = []
    for item in items:
        product_id, colour, size = keys.split_item(item)
        product = products.get(product_id)
        skus = matching_skus(product, colour, size)
        asks, askers = counts.asks[item], counts.askers.get(item, 0)
        sales = sum(max(0, counts.sales.get(s, 0)) for s in skus)
        row: dict[str, Any] = {
            "product_id": product_id,
            "name": product.display_name_zh if product else product_id,
            "name_en": product.display_name_en if product else product_id,
            "colour": colour, "size": size,
            "sku": skus[0] if len(skus) == 1 else None,
            "asks": asks, "askers": askers,
            "unmet_asks": counts.unmet(item), "sold_out_asks": counts.sold_out.get(item, 0),
            "low_asks": counts.low.get(item, 0), "unmet_askers": counts.unmet_askers.get(item, 0),
            "sales": sales, "orders": sum(max(0, counts.orders.get(s, 0)) for s in skus),
            "asks_to_sales": round(asks / sales, 2) if sales else None,
        }
        row["flags"] = _flags(row, base.z(asks), base, window, rate, limits)
        rows.append(row)
    rows.sort(key=lambda r: (-r["asks"], -r["askers"], -r["unmet_asks"], r["product_id"],
                             r["colour"] or "", r["size"] or ""))
    return rows


def _flags(row: dict[str, Any], z: float, base: Any, window: Window, rate: Conversion,
           limits: Thresholds) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    asks, askers = row["asks"], row["askers"]
    if asks >= limits.frequent_min_asks and askers >= limits.frequent_min_askers and z >= limits.frequent_z:
        flags.append({
            "kind": "frequent",
            "figures": {"asks": asks, "askers": askers, "z": round(z, 2), "baseline_median": base.median,
                        "baseline_mad": base.mad, "items_in_baseline": base.items, "window": window.label,
                        "min_asks": limits.frequent_min_asks, "z_threshold": limits.frequent_z,
                        "conversion": rate.figures()},
            "restock_estimate": restock_estimate(asks, askers, rate.rate),
        })
    unmet, unmet_askers = row["unmet_asks"], row["unmet_askers"]
    if unmet >= limits.unmet_min_asks:
        flags.append({
            "kind": "unmet",
            "figures": {"unmet_asks": unmet, "sold_out_asks": row["sold_out_asks"], "low_asks": row["low_asks"],
                        "unmet_askers": unmet_askers, "window": window.label,
                        "min_unmet_asks": limits.unmet_min_asks, "conversion": rate.figures()},
            "restock_estimate": restock_estimate(unmet, unmet_askers, rate.rate),
        })
    return flags


def build_not_offered(counts: Counts, groups: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item, asks in counts.asks.items():
        if not keys.is_group(item) or asks <= 0:
            continue
        group_id = item[len(keys.GROUP_PREFIX):]
        meta = groups.get(group_id, {})
        rows.append({"group_id": group_id, "kind": meta.get("kind"), "label": meta.get("label", group_id),
                     "asks": asks, "askers": counts.askers.get(item, 0),
                     "phrasings": meta.get("phrasings", []), "examples": meta.get("examples", [])})
    rows.sort(key=lambda r: (-r["asks"], -r["askers"], r["label"]))
    return rows


def totals(counts: Counts, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"questions": counts.total_asks, "askers": counts.stream_askers,
            "unmet_asks": sum(r["unmet_asks"] for r in items),
            "sales": sum(max(0, u) for u in counts.sales.values()),
            "flagged": sum(1 for r in items if r["flags"])}
