"""The catalog file format (version 1), see docs/CATALOG_FORMAT.md."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


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
    height: tuple[float, float] | None = None
    weight_kg: tuple[float, float] | None = None


class SizeChart(_Strict):
    unit: str = "cm/kg"
    rows: list[SizeChartRow] = Field(default_factory=list)


class Variant(_Strict):
    sku: str = Field(pattern=ID_PATTERN)
    colour: str | None = None
    size: str | None = None
    on_hand: int = Field(ge=0)
    safety_stock: int = Field(default=0, ge=0)


class Product(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: ProductName
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    price: Price | None = None
    tier: str | None = Field(default=None, pattern=r"^[ABCabc]$")
    role: str | None = Field(default=None, pattern=r"^(traffic|profit|long_tail)$",
                             description="traffic (引流款), profit (利润款) or long_tail; see catalog/roles.py")
    restock_lead_hours: float | None = Field(default=None, ge=0)
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
    catalog_version: int = 1
    currency: str = "CNY"
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
        return self

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
