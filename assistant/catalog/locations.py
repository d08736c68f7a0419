"""Warehouses, the regions buyers are in, bundles: the parts of the catalog format issue 17 added.

A catalog without warehouses is one implicit warehouse holding each variant's `on_hand` (version 1 files load
unchanged). See docs/WAREHOUSES.md for the allocation rule these feed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from assistant.catalog.ids import Id

STOCK_MAX = 1_000_000_000  # units of one variant (or in one warehouse): more is a typo, not stock
DEFAULT_WAREHOUSE = "default"  # the one warehouse of a catalog that names none


class _Part(BaseModel):
    # A field the format does not define is refused, not carried along (a typo, or 10 MB of padding).
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocationName(_Part):
    zh: str | None = None
    en: str | None = None


class Warehouse(_Part):
    id: Id
    name: LocationName = Field(default_factory=LocationName)
    aliases: list[str] = Field(default_factory=list, description="other words ops use for it: 广州, GZ, 前置仓")
    region: Id | None = Field(default=None, description="where it is (for 'nearest')")
    serves: list[str] = Field(default_factory=list, description="regions it may ship to; empty: every region")
    channels: list[str] = Field(default_factory=list, description="channels it may sell to; empty: every channel")
    lead_hours: StrictFloat = Field(default=0, ge=0, le=24 * 365, description="hours from order to dispatch")
    priority: StrictInt = Field(default=100, ge=0, le=1_000_000, description="lower is drawn from first")
    split: bool = Field(default=True, description="may supply part of a line another warehouse completes")

    @property
    def display_name(self) -> str:
        return self.name.zh or self.name.en or self.id

    def serves_region(self, region: str | None) -> bool:
        return not region or not self.serves or region in self.serves

    def serves_channel(self, channel: str | None) -> bool:
        return not channel or not self.channels or channel in self.channels


class Region(_Part):
    id: Id
    name: LocationName = Field(default_factory=LocationName)
    near: list[str] = Field(default_factory=list, description="regions one step away (a neighbouring city)")


class StockAt(_Part):
    """One variant's stock in one warehouse."""

    warehouse: Id
    on_hand: StrictInt = Field(ge=0, le=STOCK_MAX)
    safety_stock: StrictInt = Field(default=0, ge=0, le=STOCK_MAX)


class Component(_Part):
    sku: Id
    qty: StrictInt = Field(gt=0, le=100)
