"""A card's warning when a component's shortage starves a bundle (issue 17), from the figures read now.

On a bundle's card: which component limits it and how many sets it still allows. On a component's card: the
assembled bundles it is the scarcest part of, and how many sets they are down to. Only bundles that are low or
sold out are worth the host's attention.
"""

from __future__ import annotations

from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.ledger.availability import LowStockRule
from assistant.ledger.layout import limiting_component
from assistant.ledger.service import Ledger


async def bundle_warning(ledger: Ledger, catalog: Catalog, product: Product,
                         rule: LowStockRule) -> dict[str, Any] | None:
    layout = ledger.layout
    own = {v.sku for v in product.variants}
    bundles = sorted({b for b in own if b in layout.bundles}
                     | {b for sku in own for b in layout.assembled_with.get(sku, ())})
    if not bundles:
        return None
    parts = {sku for b in bundles for sku, _ in layout.bundles[b]}
    stocks = await ledger.read(sorted({*bundles, *parts}))
    starved = []
    for bundle in bundles:
        limit = limiting_component(layout.bundles[bundle], stocks)
        stock = stocks.get(bundle)
        if limit is None or rule.status(stock) == "in_stock":
            continue
        if bundle not in own and limit[0] not in own:
            continue  # this product's variants are not what starves that bundle
        starved.append(_starved(catalog, bundle, limit[0], limit[1]))
    if not starved:
        return None
    first = starved[0]
    return {"starved": starved,
            "line_zh": f"「{first['bundle_name']}」受「{first['component_name']}」限制，只够 {first['allows']} 套。",
            "line_en": f"{first['bundle_name_en']} is limited by {first['component_name_en']}: "
                       f"enough for {first['allows']}."}


def _starved(catalog: Catalog, bundle: str, component: str, allows: int) -> dict[str, Any]:
    bundle_product = catalog.product_of_sku(bundle)
    part_product = catalog.product_of_sku(component)
    part = catalog.variant(component)
    label = " ".join(x for x in (part.colour, part.size) if x) if part else ""
    return {"bundle": bundle, "component": component, "allows": allows,
            "bundle_name": bundle_product.display_name_zh if bundle_product else bundle,
            "bundle_name_en": bundle_product.display_name_en if bundle_product else bundle,
            "component_name": (part_product.display_name_zh if part_product else component) + (f" {label}" if label else ""),
            "component_name_en": (part_product.display_name_en if part_product else component) + (f" {label}" if label else "")}
