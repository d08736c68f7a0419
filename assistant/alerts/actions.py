"""The one thing the host should do now: push, switch colour/size, offer a substitute, announce a restock."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from assistant.alerts.levels import BACK_IN_STOCK
from assistant.alerts.phrasing import variant_label
from assistant.catalog.models import Product, Variant
from assistant.ledger.models import SkuStock


@dataclass(frozen=True)
class Alternative:
    product: Product
    variant: Variant
    sellable: int
    same_product: bool

    def facts(self) -> dict[str, Any]:
        return {
            "product_id": self.product.id, "sku": self.variant.sku, "colour": self.variant.colour,
            "size": self.variant.size, "sellable": self.sellable,
            "label_zh": self.label("zh"), "label_en": self.label("en"),
            "name_zh": self.product.display_name_zh, "name_en": self.product.display_name_en,
        }

    def label(self, language: str) -> str:
        own = variant_label(self.product, self.variant.colour, self.variant.size, language)
        if self.same_product or not (self.variant.colour or self.variant.size):
            return own
        name = self.product.display_name_zh if language == "zh" else self.product.display_name_en
        return f"{name} {own}"


def _sellable(stocks: dict[str, SkuStock | None], sku: str) -> int:
    stock = stocks.get(sku)
    return stock.sellable if stock else 0


def same_product_alternative(product: Product, wanted: Variant, stocks: dict[str, SkuStock | None],
                             low_below: float) -> Alternative | None:
    """Same size in another colour first (the fit is what the viewer chose), then same colour another size."""
    def rank(v: Variant) -> tuple[int, int, int]:
        same_size = v.size == wanted.size and v.colour != wanted.colour
        same_colour = v.colour == wanted.colour and v.size != wanted.size
        plenty = _sellable(stocks, v.sku) > low_below
        return (2 if same_size else 1 if same_colour else 0, int(plenty), _sellable(stocks, v.sku))

    options = [v for v in product.variants if v.sku != wanted.sku and _sellable(stocks, v.sku) > 0]
    if not options:
        return None
    best = max(options, key=rank)
    return Alternative(product, best, _sellable(stocks, best.sku), True)


def substitute(substitutes: list[Product], wanted: Variant, stocks: dict[str, SkuStock | None]) -> Alternative | None:
    for other in substitutes:
        options = [v for v in other.variants if _sellable(stocks, v.sku) > 0]
        if not options:
            continue
        best = max(options, key=lambda v: (v.size == wanted.size, v.colour == wanted.colour, _sellable(stocks, v.sku)))
        return Alternative(other, best, _sellable(stocks, best.sku), False)
    return None


def eta_texts(eta_ms: int, now_ms: int) -> dict[str, str]:
    minutes = (eta_ms - now_ms) / 60_000
    if minutes <= 0:
        return {"zh": "很快", "en": "any time now"}
    if minutes < 60:
        n = math.ceil(minutes)
        return {"zh": f"{n}分钟后", "en": f"in {n} min"}
    if minutes < 48 * 60:
        n = math.ceil(minutes / 60)
        return {"zh": f"约{n}小时后", "en": f"in about {n} h"}
    n = math.ceil(minutes / 1440)
    return {"zh": f"约{n}天后", "en": f"in about {n} days"}


def choose_action(level: str, headline_sellable: int, alternative: Alternative | None,
                  replacement: Alternative | None, restock: dict[str, Any] | None) -> str:
    if level == BACK_IN_STOCK:
        return "announce_back"
    if level == "trend":
        return "keep_showing"
    if headline_sellable > 0:  # low or critical, or a sold-out variant a cancellation just refilled
        return "push_remaining"
    if alternative is not None:
        return "switch_variant"
    if replacement is not None:
        return "offer_substitute"
    if restock is not None:
        return "announce_restock"
    return "say_sold_out"
