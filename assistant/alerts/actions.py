"""The one thing the host should do now: push, switch colour/size, offer a substitute, announce a restock."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from assistant.alerts.levels import BACK_IN_STOCK
from assistant.alerts.phrasing import variant_label
from assistant.catalog.models import Product, Variant
from assistant.ledger.models import SkuStock
from assistant.vocab.sizes import LETTER_ORDER, canonical_size


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


def size_rank(size: str | None) -> float | None:
    """Where a size sits on the ladder (letter sizes and numbers); None when it has no order."""
    if size is None:
        return None
    canonical = canonical_size(size)
    if canonical in LETTER_ORDER:
        return float(LETTER_ORDER.index(canonical))
    try:
        return float(canonical)
    except ValueError:
        return None


def size_steps(sizes: list[str | None], wanted: str | None, other: str | None) -> int | None:
    """Steps between two sizes on the product's own ladder (its distinct sizes in order): 1 is a near size."""
    ladder = sorted({s for s in sizes if s is not None and size_rank(s) is not None}, key=lambda s: size_rank(s) or 0)
    if wanted not in ladder or other not in ladder:
        return None
    return abs(ladder.index(wanted) - ladder.index(other))


def _same_size(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and canonical_size(a) == canonical_size(b)


def same_product_alternative(product: Product, wanted: Variant, stocks: dict[str, SkuStock | None],
                             low_below: float) -> Alternative | None:
    """What the viewer chose, kept: the same size in another colour first (the fit matters most), then the
    same colour in a near size (one step on the ladder); never a far size ("2XL sold out -> L" is no help)."""
    options = [v for v in product.variants if v.sku != wanted.sku and _sellable(stocks, v.sku) > 0]

    def rank(v: Variant) -> tuple[int, int]:
        return int(_sellable(stocks, v.sku) > low_below), _sellable(stocks, v.sku)

    other_colour = [v for v in options if _same_size(v.size, wanted.size) and v.colour != wanted.colour]
    if wanted.size is None:
        other_colour = [v for v in options if v.colour != wanted.colour]
    sizes = [v.size for v in product.variants]
    near = [v for v in options if v.colour == wanted.colour and size_steps(sizes, wanted.size, v.size) == 1]
    for group in (other_colour, near):
        if group:
            best = max(group, key=rank)
            return Alternative(product, best, _sellable(stocks, best.sku), True)
    return None


def substitute(substitutes: list[Product], wanted: Variant, stocks: dict[str, SkuStock | None]) -> Alternative | None:
    """A substitute product in the viewer's size (then a near size; any variant for a product without sizes)."""
    for other in substitutes:
        options = [v for v in other.variants if _sellable(stocks, v.sku) > 0]
        if wanted.size is not None:
            wanted_rank = size_rank(wanted.size)
            same = [v for v in options if _same_size(v.size, wanted.size)]
            near = [v for v in options if wanted_rank is not None and (r := size_rank(v.size)) is not None
                    and 0 < abs(r - wanted_rank) <= 1]
            options = same or near
        if not options:
            continue
        best = max(options, key=lambda v: (v.colour == wanted.colour, _sellable(stocks, v.sku)))
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
