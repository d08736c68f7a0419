"""Warehouses, transfers, bundles and pick lists (issue 17)."""

from __future__ import annotations

from pydantic import Field

from assistant.api.schemas.common import ApiModel
from assistant.ledger.answers import TransferAnswer


class WarehouseInfo(ApiModel):
    id: str
    name: str
    region: str | None
    serves: list[str] = Field(description="regions it ships to; empty: every region")
    channels: list[str] = Field(description="channels it sells to; empty: every channel")
    lead_hours: float
    priority: int = Field(description="lower is drawn from first")
    split: bool = Field(description="may ship part of a line another warehouse completes")


class Warehouses(ApiModel):
    warehouses: list[WarehouseInfo]
    allocation_rule: str


class WarehouseFigures(ApiModel):
    warehouse: str
    name: str
    on_hand: int
    safety_stock: int
    sold: int
    held: int
    incoming: int = Field(description="units of transfers on their way here")
    sellable: int = Field(ge=0)
    stock: int = Field(description="units on the shelf (what a count should find)")


class VariantWarehouses(ApiModel):
    sku: str
    colour: str | None
    size: str | None
    sellable: int
    region: str | None = None
    channel: str | None = None
    region_sellable: int | None = Field(default=None, description="with ?region= and/or ?channel=: what one order "
                                        "line from there may be sold (the warehouses serving it, allocations)")
    warehouses: list[WarehouseFigures]


class BundleComponent(ApiModel):
    sku: str
    qty: int = Field(description="units per bundle")
    product_id: str | None
    name: str
    colour: str | None
    size: str | None
    sellable: int
    allows: int = Field(description="bundles this component's sellable units allow")
    in_kits: int = Field(description="units packed in a pre-packed bundle's kits")


class BundleLimit(ApiModel):
    sku: str
    allows: int


class BundleView(ApiModel):
    sku: str
    colour: str | None
    size: str | None
    prepacked: bool
    sellable: int
    components: list[BundleComponent]
    limited_by: BundleLimit | None = Field(description="the component that caps an assembled bundle")


class ProductWarehouses(ApiModel):
    product_id: str
    name: str
    variants: list[VariantWarehouses]
    bundles: list[BundleView]


class Transfers(ApiModel):
    transfers: list[TransferAnswer]


class PickLine(ApiModel):
    sku: str
    qty: int
    order_id: str | None = None


class PickList(ApiModel):
    warehouse: str
    name: str
    lines: list[PickLine]
    units: int


class PickLists(ApiModel):
    pick_lists: list[PickList]
