"""Warehouse and bundle read tools for the ops agent (issue 17), from the ledger's figures. The transfer tool,
a write, lives with the other proposals in tools.actions."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.catalog.models import Catalog
from assistant.errors import InvalidInput
from assistant.ledger.stock_views import bundle_views, product_warehouses
from assistant.ops.context import OpsContext
from assistant.ops.stock_figures import names
from assistant.ops.warehouse_words import warehouse_words
from assistant.vocab.text import normalise_term
from tools._common import json_answer, services, target


def warehouse_id(catalog: Catalog, word: str | None) -> str | None:
    """A warehouse named by id or by one of its words ("广州仓", "广州", "GZ")."""
    if not word:
        return None
    if catalog.warehouse(word):
        return word
    found = warehouse_words(catalog).get(normalise_term(word))
    if found is None:
        known = ", ".join(f"{w.id} {w.display_name}" for w in catalog.warehouses) or "none"
        raise InvalidInput(f"no warehouse called {word}; the warehouses are: {known}", code="unknown_warehouse")
    return found


@json_answer
async def warehouse_stock(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                          colour: str | None = None, size: str | None = None,
                          warehouse: str | None = None) -> dict[str, Any]:
    """Units of a product (or some variants) per warehouse: on hand, safety stock, sold, held, sellable and
    transfers on their way there. `warehouse` (an id like "GZ" or a name like "广州仓") keeps one warehouse.
    Use for "广州仓还有多少黑色L", "各仓库存", "how many are in the Shanghai warehouse"."""
    svc = services(runtime)
    catalog = svc.catalog.catalog
    chosen = await target(runtime, product, link, colour, size)
    only = warehouse_id(catalog, warehouse)
    wanted = {v.sku for v in chosen.variants}
    rows = [r for r in await product_warehouses(svc.ledger, catalog, chosen.product) if r["sku"] in wanted]
    for row in rows:
        row["warehouses"] = [w for w in row["warehouses"] if only is None or w["warehouse"] == only]
        row["sellable_here"] = sum(w["sellable"] for w in row["warehouses"])
    found = catalog.warehouse(only) if only else None
    return {**names(chosen.product), "colour": chosen.colour, "size": chosen.size, "warehouse": only,
            "warehouse_name": found.display_name if found else None, "variants": rows,
            "total_sellable": sum(r["sellable_here"] for r in rows)}


@json_answer
async def bundle_stock(runtime: ToolRuntime[OpsContext], product: str | None = None,
                       link: int | None = None) -> dict[str, Any]:
    """A bundle / gift set / kit (套装, 礼盒): how many can be sold, each component's units and how many
    bundles it allows, and which component limits the bundle. Use for "套装还有吗", "礼盒还能卖几套"."""
    svc = services(runtime)
    chosen = await target(runtime, product, link, None, None)
    views = await bundle_views(svc.ledger, svc.catalog.catalog, chosen.product)
    if not views:
        raise InvalidInput(f"{chosen.product.display_name_zh} is not a bundle", code="not_a_bundle")
    return {**names(chosen.product), "bundles": views}


def warehouse_name(catalog: Catalog, warehouse: str) -> str:
    found = catalog.warehouse(warehouse)
    return found.display_name if found else warehouse
