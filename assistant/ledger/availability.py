"""Sellable counts as a viewer or host sees them: in stock, low, sold out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.catalog.models import Product
from assistant.ledger.models import SkuStock
from assistant.ledger.service import Ledger
from assistant.thresholds import LOW_RATIO, LOW_UNITS

Status = Literal["in_stock", "low", "sold_out"]


@dataclass(frozen=True)
class LowStockRule:
    ratio: float = LOW_RATIO  # of the starting sellable stock
    units: int = LOW_UNITS  # small runs are "low" below this many, whatever their start

    def status(self, stock: SkuStock | None) -> Status:
        if stock is None or stock.sellable <= 0:
            return "sold_out"
        return "low" if stock.sellable <= max(self.ratio * stock.starting_sellable, self.units) else "in_stock"


@dataclass(frozen=True)
class VariantAvailability:
    sku: str
    colour: str | None
    size: str | None
    sellable: int
    status: Status
    incoming: int

    def public(self) -> dict[str, object]:
        return {"sku": self.sku, "colour": self.colour, "size": self.size,
                "sellable": self.sellable, "status": self.status}


async def product_availability(ledger: Ledger, product: Product, rule: LowStockRule, region: str = "",
                               channel: str = "") -> list[VariantAvailability]:
    """With a region or a channel, each variant counts only what an order from there could take: the warehouses
    serving it, less what other channels' allocations keep back (an assembled bundle: its components')."""
    skus = [v.sku for v in product.variants]
    if region or channel:
        stocks = await ledger.warehouses.regional_stocks(skus, region=region, channel=channel)
    else:
        stocks = await ledger.read(skus)
    return [availability_of(v.sku, v.colour, v.size, stocks.get(v.sku), rule) for v in product.variants]


def availability_of(sku: str, colour: str | None, size: str | None, stock: SkuStock | None,
                    rule: LowStockRule) -> VariantAvailability:
    return VariantAvailability(
        sku=sku, colour=colour, size=size,
        sellable=stock.sellable if stock else 0,
        status=rule.status(stock),
        incoming=stock.incoming if stock else 0,
    )
