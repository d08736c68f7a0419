"""The catalog file format (version 1), see docs/CATALOG_FORMAT.md."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictFloat, StrictInt, model_validator

from assistant.catalog.ids import ID_PATTERN, Id
from assistant.catalog.locations import STOCK_MAX, Component, Region, StockAt, Warehouse

__all__ = ["ID_PATTERN", "Catalog", "Component", "Product", "Region", "StockAt", "Variant", "Warehouse"]


class _Strict(BaseModel):
    # A field the format does not define is refused, not carried along (a typo, or 10 MB of padding).
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProductName(_Strict):
    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_name(self) -> ProductName:
        if not (self.zh or self.en):
            raise ValueError("needs at least one of name.zh or name.en")
        return self


class Price(_Strict):
    amount: str
    currency: str = "CNY"


class SizeChartRow(_Strict):
    size: str
    height: tuple[StrictFloat, StrictFloat] | None = None
    weight_kg: tuple[StrictFloat, StrictFloat] | None = None


class SizeChart(_Strict):
    unit: str = "cm/kg"
    rows: list[SizeChartRow] = Field(default_factory=list)


class Variant(_Strict):
    sku: Id
    colour: str | None = None
    size: str | None = None
    on_hand: StrictInt = Field(ge=0, le=STOCK_MAX, description="with `stock`: the sum over its warehouses")
    safety_stock: StrictInt = Field(default=0, ge=0, le=STOCK_MAX)
    stock: list[StockAt] = Field(default_factory=list, description="per warehouse; empty: one default warehouse")
    components: list[Component] = Field(default_factory=list, description="a bundle's parts, per bundle sold")
    prepacked: bool = Field(default=False, description="a bundle packed ahead: sold from its own on_hand")

    @model_validator(mode="before")
    @classmethod
    def _totals_from_warehouses(cls, data: Any) -> Any:
        """on_hand and safety_stock of a variant stocked per warehouse are the sums (one figure, one source);
        a bundle assembled at sale time has none of its own."""
        if not isinstance(data, dict):
            return data
        if data.get("components") and not data.get("prepacked") and "on_hand" not in data and not data.get("stock"):
            return {**data, "on_hand": 0}
        if not isinstance(data.get("stock"), list) or not data["stock"]:
            return data
        rows = [r for r in data["stock"] if isinstance(r, dict)]
        on_hand, safety = _total(rows, "on_hand"), _total(rows, "safety_stock")  # bad rows fail on their own
        if "on_hand" in data and data["on_hand"] != on_hand:
            raise ValueError(f"on_hand: {data['on_hand']} is not the sum of its warehouses' stock ({on_hand})")
        if "safety_stock" in data and data["safety_stock"] != safety:
            raise ValueError(f"safety_stock: {data['safety_stock']} is not the sum over its warehouses ({safety})")
        return {**data, "on_hand": on_hand, "safety_stock": safety}

    @model_validator(mode="after")
    def _bundle_shape(self) -> Variant:
        if self.prepacked and not self.components:
            raise ValueError("prepacked: only a bundle (with components) can be pre-packed")
        if self.components and not self.prepacked and (self.on_hand or self.stock):
            raise ValueError("on_hand: a bundle that is not pre-packed has no stock of its own (its components')")
        if len({c.sku for c in self.components}) != len(self.components):
            raise ValueError("components: a component SKU is listed twice")
        if len({s.warehouse for s in self.stock}) != len(self.stock):
            raise ValueError("stock: a warehouse is listed twice")
        return self

    @property
    def is_virtual_bundle(self) -> bool:
        """Assembled at sale time from its components: it has no ledger row of its own."""
        return bool(self.components) and not self.prepacked


def _total(rows: list[dict[str, Any]], name: str) -> int:
    return sum(v for r in rows if isinstance(v := r.get(name, 0), int) and v > 0)


class Product(_Strict):
    id: Id
    name: ProductName
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    price: Price | None = None
    tier: str | None = Field(default=None, pattern=r"^[ABCabc]$")
    role: str | None = Field(default=None, pattern=r"^(traffic|profit|long_tail)$",
                             description="traffic (引流款), profit (利润款) or long_tail; see catalog/roles.py")
    restock_lead_hours: StrictFloat | None = Field(default=None, ge=0, le=24 * 365)
    substitutes: list[str] = Field(default_factory=list)
    colour_aliases: dict[str, list[str]] = Field(default_factory=dict)
    size_chart: SizeChart | None = None
    variants: list[Variant] = Field(min_length=1)

    @property
    def display_name_zh(self) -> str:
        return self.name.zh or self.name.en or self.id

    @property
    def display_name_en(self) -> str:
        return self.name.en or self.name.zh or self.id

    def colours(self) -> list[str]:
        return list(dict.fromkeys(v.colour for v in self.variants if v.colour))

    def sizes(self) -> list[str]:
        return list(dict.fromkeys(v.size for v in self.variants if v.size))


class Catalog(_Strict):
    catalog_version: StrictInt = Field(default=1, ge=1)
    currency: str = "CNY"
    warehouses: list[Warehouse] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    products: list[Product]

    # Built once per catalog: every lookup by product id or SKU is a dict lookup, whatever the catalog's size.
    _by_id: dict[str, Product] = PrivateAttr(default_factory=dict)
    _by_sku: dict[str, Product] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        by_id: dict[str, Product] = {}
        by_sku: dict[str, Product] = {}
        for p_index, product in enumerate(self.products):
            if product.id in by_id:
                raise ValueError(f"products[{p_index}] ({product.id}): duplicate product id")
            by_id[product.id] = product
            for v_index, variant in enumerate(product.variants):
                if variant.sku in by_sku:
                    raise ValueError(
                        f"products[{p_index}] ({product.id}) variants[{v_index}] ({variant.sku}): "
                        "sku: duplicate sku across the catalog"
                    )
                by_sku[variant.sku] = product
        self._by_id, self._by_sku = by_id, by_sku
        self._check_locations_and_bundles()
        return self

    def _check_locations_and_bundles(self) -> None:
        warehouses = [w.id for w in self.warehouses]
        if len(set(warehouses)) != len(warehouses):
            raise ValueError("warehouses: a warehouse id is listed twice")
        for product in self.products:
            for variant in product.variants:
                where = f"product {product.id} variant {variant.sku}"
                for row in variant.stock:
                    if row.warehouse not in warehouses:
                        raise ValueError(f"{where}: stock names warehouse {row.warehouse}, not in warehouses")
                for part in variant.components:
                    target = self.variant(part.sku)
                    if target is None:
                        raise ValueError(f"{where}: component {part.sku} is not a SKU of this catalog")
                    if target.components:
                        raise ValueError(f"{where}: component {part.sku} is itself a bundle (bundles do not nest)")

    def variant(self, sku: str) -> Variant | None:
        product = self._by_sku.get(sku)
        return next((v for v in product.variants if v.sku == sku), None) if product else None

    def warehouse(self, warehouse_id: str) -> Warehouse | None:
        return next((w for w in self.warehouses if w.id == warehouse_id), None)

    def ledger_skus(self) -> list[str]:
        """The SKUs with a ledger row: every variant but the bundles assembled at sale time."""
        return [v.sku for p in self.products for v in p.variants if not v.is_virtual_bundle]

    def model_post_init(self, context: Any, /) -> None:
        if not self._by_id and self.products:  # model_construct skips the validator above
            self._by_id = {p.id: p for p in self.products}
            self._by_sku = {v.sku: p for p in self.products for v in p.variants}

    def product(self, product_id: str) -> Product | None:
        return self._by_id.get(product_id)

    def product_of_sku(self, sku: str) -> Product | None:
        return self._by_sku.get(sku)

    def skus(self) -> list[str]:
        return list(self._by_sku)
