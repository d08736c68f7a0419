"""Warehouse and bundle figures of products, shaped once for the API, the ops tools, the board and the report."""

from __future__ import annotations

from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.ledger.layout import limiting_component
from assistant.ledger.service import Ledger


def warehouse_names(catalog: Catalog) -> dict[str, str]:
    return {w.id: w.display_name for w in catalog.warehouses}


async def product_warehouses(ledger: Ledger, catalog: Catalog, product: Product, region: str = "",
                             channel: str = "") -> list[dict[str, Any]]:
    """Per stocked variant: its warehouses' figures (and, with a region or channel, what an order from there may
    take)."""
    skus = [v.sku for v in product.variants if not v.is_virtual_bundle]
    figures = await ledger.warehouses.figures(skus)
    narrowed = region or channel
    regional = await ledger.warehouses.regional_sellable(skus, region=region, channel=channel) if narrowed else {}
    labels = warehouse_names(catalog)
    rows = []
    for variant in product.variants:
        if variant.is_virtual_bundle:
            continue
        per = figures.get(variant.sku, [])
        rows.append({"sku": variant.sku, "colour": variant.colour, "size": variant.size,
                     "sellable": sum(f.sellable for f in per),
                     **({"region": region or None, "channel": channel or None,
                         "region_sellable": regional.get(variant.sku, 0)} if narrowed else {}),
                     "warehouses": [{**f.public(), "name": labels.get(f.warehouse, f.warehouse)} for f in per]})
    return rows


async def bundle_views(ledger: Ledger, catalog: Catalog, product: Product) -> list[dict[str, Any]]:
    """Each bundle variant of the product with its components, from one read: what it allows and what limits it."""
    bundles = [v for v in product.variants if v.components]
    if not bundles:
        return []
    skus = list(dict.fromkeys([*(v.sku for v in bundles), *(c.sku for v in bundles for c in v.components)]))
    stocks = await ledger.read(skus)
    out = []
    for variant in bundles:
        parts = tuple((c.sku, c.qty) for c in variant.components)
        own = stocks.get(variant.sku)
        components = []
        for sku, per in parts:
            stock = stocks.get(sku)
            owner = catalog.product_of_sku(sku)
            part = catalog.variant(sku)
            components.append({"sku": sku, "qty": per, "product_id": owner.id if owner else None,
                               "name": owner.display_name_zh if owner else sku,
                               "colour": part.colour if part else None, "size": part.size if part else None,
                               "sellable": stock.sellable if stock else 0,
                               "allows": (stock.sellable // per) if stock else 0,
                               # a pre-packed bundle's kits hold per × its count of this component
                               "in_kits": per * own.stock if variant.prepacked and own else 0})
        limit = limiting_component(parts, stocks) if not variant.prepacked else None
        out.append({"sku": variant.sku, "colour": variant.colour, "size": variant.size,
                    "prepacked": variant.prepacked, "sellable": own.sellable if own else 0,
                    "components": components,
                    "limited_by": {"sku": limit[0], "allows": limit[1]} if limit else None})
    return out
