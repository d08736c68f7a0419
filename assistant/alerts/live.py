"""Figures as the ledger has them now: stored cards overlaid with live counts, and the product on screen."""

from __future__ import annotations

from typing import Any

from assistant.alerts.card import Card
from assistant.alerts.phrasing import variant_label
from assistant.catalog.models import Product
from assistant.ledger.availability import LowStockRule
from assistant.ledger.service import Ledger

# A waitlist card announces a return to viewers who asked: as urgent to say as the back-in-stock it replaces.
SEVERITY = {"sold_out": 5, "critical": 4, "low": 3, "back_in_stock": 2, "waitlist": 2, "trend": 1}


async def with_live_counts(ledger: Ledger, low_stock: LowStockRule, cards: list[Card]) -> list[Card]:
    """Every variant's sellable and status read from the ledger in one round trip, so a card listed a moment
    after a sale never states the count before it (the card's line follows with the engine's update)."""
    skus = sorted({v.sku for card in cards for v in card.variants})
    if not skus:
        return cards
    stocks = await ledger.read(skus)
    for card in cards:
        for variant in card.variants:
            stock = stocks.get(variant.sku)
            variant.sellable = stock.sellable if stock else 0
            variant.status = low_stock.status(stock)
    return cards


def by_severity(cards: list[Card]) -> list[Card]:
    """Raised before quiet, then the most severe, then the newest (the host page's order)."""
    return sorted(cards, key=lambda c: (not c.raised, -SEVERITY.get(c.level, 0), -c.updated_ts))


async def on_screen(ledger: Ledger, low_stock: LowStockRule, product: Product | None,
                    channel: str | None = None) -> dict[str, Any]:
    """The focused product with every variant's live sellable count (the host page shows it in large type); in a
    room selling through one channel, what that channel may sell (what its viewers are told)."""
    if product is None:
        return {"product_id": None, "variants": []}
    skus = [v.sku for v in product.variants]
    stocks = await (ledger.warehouses.regional_stocks(skus, region="", channel=channel) if channel
                    else ledger.read(skus))
    variants = []
    for variant in product.variants:
        stock = stocks.get(variant.sku)
        variants.append({"sku": variant.sku, "colour": variant.colour, "size": variant.size,
                         "label_zh": variant_label(product, variant.colour, variant.size, "zh"),
                         "label_en": variant_label(product, variant.colour, variant.size, "en"),
                         "sellable": stock.sellable if stock else 0, "status": low_stock.status(stock)})
    return {"product_id": product.id, "name_zh": product.display_name_zh, "name_en": product.display_name_en,
            "variants": variants}
