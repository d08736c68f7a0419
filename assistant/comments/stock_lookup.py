"""Catalog and ledger look-ups shared by the comment pipeline and the comment agent's read-only tools."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from assistant.catalog.models import Catalog, Product
from assistant.comments.facts import Fact, fact_of
from assistant.ledger.availability import VariantAvailability, availability_of
from assistant.vocab.links import find_links
from assistant.vocab.products import product_finder
from assistant.vocab.text import normalise_term

if TYPE_CHECKING:
    from assistant.container import Services

DAY_MS = 86_400_000
HOUR_MS = 3_600_000


async def availability(svc: Services, products: Sequence[Product],
                       channel: str | None = None) -> dict[str, list[VariantAvailability]]:
    """Every variant of these products as the ledger has it now, in one read; with the room's channel, what
    that channel may sell (the warehouses it may draw from, less other channels' allocations)."""
    skus = [v.sku for p in products for v in p.variants]
    if not skus:
        stocks = {}
    elif channel:
        stocks = await svc.ledger.warehouses.regional_stocks(skus, region="", channel=channel)
    else:
        stocks = await svc.ledger.read(skus)
    rule = svc.low_stock
    return {p.id: [availability_of(v.sku, v.colour, v.size, stocks.get(v.sku), rule) for v in p.variants]
            for p in products}


@dataclass(frozen=True)
class Restock:
    days: int  # whole days until the next shipment lands (at least 1)
    qty: int  # that shipment's quantity
    hours: int | None = None  # whole hours until it lands, when that is under a day ("1天后" would mislead)


async def next_restocks(svc: Services, variants: Sequence[VariantAvailability]) -> dict[str, Restock]:
    """The next shipment on the way, for sold-out variants that have one."""
    waiting = [v for v in variants if v.sellable == 0 and v.incoming > 0]
    if not waiting:
        return {}
    now_ms = svc.clock()
    shipments = await svc.ledger.incoming([v.sku for v in waiting])
    restocks: dict[str, Restock] = {}
    for variant in waiting:
        due = [s for s in shipments[variant.sku] if int(s["eta_ms"]) > now_ms]
        if due:
            first = min(due, key=lambda s: int(s["eta_ms"]))
            wait_ms = int(first["eta_ms"]) - now_ms
            days = max(1, math.ceil(wait_ms / DAY_MS))
            hours = max(1, math.ceil(wait_ms / HOUR_MS)) if wait_ms < DAY_MS else None
            restocks[variant.sku] = Restock(days, int(first["qty"]), hours)
    return restocks


async def restock_days(svc: Services, variants: Sequence[VariantAvailability]) -> dict[str, int]:
    """Days until the next shipment lands (the comment agent's tools state days, not quantities)."""
    return {sku: r.days for sku, r in (await next_restocks(svc, variants)).items()}


class _Option(Protocol):
    @property
    def colour(self) -> str | None: ...
    @property
    def size(self) -> str | None: ...


OptionT = TypeVar("OptionT", bound=_Option)


def pick_variants(variants: Iterable[OptionT], colour: str | None, size: str | None) -> list[OptionT]:
    """The variants (catalog or availability rows) of that colour and size; None matches any."""
    return [v for v in variants if colour in (None, v.colour) and size in (None, v.size)]


def facts_of(product: Product, variants: Sequence[VariantAvailability]) -> list[Fact]:
    return [fact_of(product.id, v) for v in variants]


def find_candidates(catalog: Catalog, text: str, lineup: dict[int, str], focus: str | None,
                    semantic: tuple[str, float] | None) -> list[tuple[Product, str, float]]:
    """Products a vague description may mean, best first: (product, why, confidence)."""
    norm = normalise_term(text)
    found: dict[str, tuple[Product, str, float]] = {}

    def add(product_id: str | None, why: str, confidence: float) -> None:
        product = catalog.product(product_id) if product_id else None
        if product is not None and (product.id not in found or found[product.id][2] < confidence):
            found[product.id] = (product, why, confidence)

    for link in find_links(norm):
        add(lineup.get(link.number), f"link {link.number}", 0.95 if link.definite else 0.6)
    for hit in product_finder(catalog).find_exact(norm):
        for product_id in hit.product_ids:
            add(product_id, "named", 0.9)
    if semantic is not None:
        add(semantic[0], "similar description", semantic[1])
    if focus:
        add(focus, "on screen now", 0.3)
    return sorted(found.values(), key=lambda item: item[2], reverse=True)[:3]
