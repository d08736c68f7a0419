"""What the ledger needs to know of the catalog's warehouses and bundles, rebuilt at every catalog change.

Bundles assembled at sale time have no ledger row: an order line for one becomes its components × quantity
in the same order (all or nothing, on one Redis or across buckets through the multi-line order path), and its
figures are composed from its components' (`bundle_stock`). A pre-packed bundle is an ordinary SKU with its own
count; its components' packed units are outside their own counts (they are in the kits).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.catalog.locations import DEFAULT_WAREHOUSE, Region, Warehouse
from assistant.catalog.models import Catalog
from assistant.ledger.allocation import AllocationPlan, plan_for
from assistant.ledger.models import SkuStock

Components = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class StockLayout:
    warehouses: tuple[Warehouse, ...] = ()
    regions: Mapping[str, Region] = field(default_factory=dict)
    bundles: Mapping[str, Components] = field(default_factory=dict)  # assembled at sale time
    prepacked: Mapping[str, Components] = field(default_factory=dict)
    bundle_products: Mapping[str, str] = field(default_factory=dict)  # bundle SKU -> its product id
    assembled_with: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # component -> assembled bundles

    @classmethod
    def of(cls, catalog: Catalog) -> StockLayout:
        bundles: dict[str, Components] = {}
        prepacked: dict[str, Components] = {}
        products: dict[str, str] = {}
        for product in catalog.products:
            for variant in product.variants:
                if variant.components:
                    parts = tuple((c.sku, c.qty) for c in variant.components)
                    (prepacked if variant.prepacked else bundles)[variant.sku] = parts
                    products[variant.sku] = product.id
        using: dict[str, list[str]] = {}
        for bundle, parts in bundles.items():
            for sku, _ in parts:
                using.setdefault(sku, []).append(bundle)
        return cls(tuple(catalog.warehouses), {r.id: r for r in catalog.regions}, bundles, prepacked, products,
                   {sku: tuple(found) for sku, found in using.items()})

    def warehouse_ids(self) -> list[str]:
        return [w.id for w in self.warehouses] or [DEFAULT_WAREHOUSE]

    def plan(self, *, channel: str = "", region: str = "") -> AllocationPlan:
        return plan_for(self.warehouses, self.regions, channel=channel, region=region)

    def expand(self, lines: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
        """Order lines with every assembled bundle replaced by its components × quantity, one line per SKU."""
        totals: dict[str, int] = {}
        for sku, qty in lines:
            for part, per in self.bundles.get(sku, ((sku, 1),)):
                totals[part] = totals.get(part, 0) + per * qty
        return list(totals.items())

    def ledger_skus(self, skus: Iterable[str]) -> list[str]:
        """The rows a read of these SKUs needs: a bundle's components instead of the bundle."""
        wanted: dict[str, None] = {}
        for sku in skus:
            for part, _ in self.bundles.get(sku, ((sku, 1),)):
                wanted[part] = None
        return list(wanted)



def bundle_stock(bundle: str, product_id: str, parts: Components,
                 stocks: Mapping[str, SkuStock | None]) -> SkuStock | None:
    """An assembled bundle's figures: as many as its scarcest component allows, from those same reads."""
    rows = [(stocks.get(sku), per) for sku, per in parts]
    if not rows or any(stock is None for stock, _ in rows):
        return None
    sellable = min(s.sellable // per for s, per in rows if s)
    start = min(s.starting_sellable // per for s, per in rows if s)
    with_incoming = min((s.sellable + s.incoming) // per for s, per in rows if s)
    return SkuStock(bundle, product_id, on_hand=sellable, safety_stock=0, sold=0, held=0, start=start,
                    incoming=with_incoming - sellable, buyer_limit=0)


def limiting_component(parts: Components, stocks: Mapping[str, SkuStock | None]) -> tuple[str, int] | None:
    """The component that caps the bundle (and how many bundles it allows), for the starving-bundle warning."""
    rows = [(sku, stock.sellable // per if (stock := stocks.get(sku)) else 0) for sku, per in parts]
    return min(rows, key=lambda r: r[1]) if rows else None
