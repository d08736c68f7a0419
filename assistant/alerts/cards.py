"""Builds one product's card from the ledger as it is now (every figure read at build time)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from assistant.alerts import replenishment, slots
from assistant.alerts.actions import choose_action, eta_texts, same_product_alternative, substitute
from assistant.alerts.bundle_warning import bundle_warning
from assistant.alerts.card import Card
from assistant.alerts.facts import card_facts, line_context, line_level
from assistant.alerts.levels import Level
from assistant.alerts.phrasing import honest_lines, render_texts, variant_label
from assistant.alerts.settings import AlertSettings
from assistant.alerts.tracker import Decision, ProductAlertState
from assistant.alerts.velocity import VelocityBook
from assistant.catalog.models import Product, Variant
from assistant.catalog.service import CatalogService
from assistant.ledger.availability import LowStockRule
from assistant.ledger.models import SkuStock
from assistant.ledger.service import Ledger

log = logging.getLogger("assistant.alerts")
MAX_VARIANTS = 6


class CardBuilder:
    def __init__(self, ledger: Ledger, catalog: CatalogService, velocity: VelocityBook, low_stock: LowStockRule,
                 demand: Callable[[], Any], asking_timeout_s: float = 0.3):
        self.ledger = ledger
        self.catalog = catalog
        self.velocity = velocity
        self.low_stock = low_stock
        self.demand = demand  # a getter: the demand part is wired after this one
        self.asking_timeout_s = asking_timeout_s  # the audience figure is a nice-to-have; the card's lag is not

    async def asking(self, stream_id: str, product_id: str) -> dict[str, Any] | None:
        asking = getattr(self.demand(), "asking", None)
        if asking is None:
            return None
        try:
            answer = await asyncio.wait_for(asking(stream_id, product_id), self.asking_timeout_s)
        except Exception as error:  # the card matters more than the audience figure
            log.warning("demand.asking failed for %s/%s: %s", stream_id, product_id, error)
            return None
        return answer if isinstance(answer, dict) else None

    async def read(self, products: list[Product]) -> dict[str, SkuStock | None]:
        return await self.ledger.read(list(dict.fromkeys(v.sku for p in products for v in p.variants)))

    def variant_facts(self, product: Product, variant: Variant, stock: SkuStock | None,
                      state: ProductAlertState, now_ms: int, settings: AlertSettings) -> dict[str, Any]:
        speed = self.velocity.of_sku(variant.sku, now_ms, settings.trend_window_s)
        sellable = stock.sellable if stock else 0
        sellout = speed.sellout_minutes(sellable)
        restock = replenishment.plan(sellable, stock.incoming if stock else 0, product.restock_lead_hours, speed,
                                     settings)
        return {
            "sku": variant.sku, "colour": variant.colour, "size": variant.size, "sellable": sellable,
            "status": self.low_stock.status(stock), "level": state.raised.get(variant.sku, Level.OK).label,
            "label_zh": variant_label(product, variant.colour, variant.size, "zh"),
            "label_en": variant_label(product, variant.colour, variant.size, "en"),
            "velocity_per_min": round(speed.per_min, 1), "units_recent": speed.units_recent,
            "sellout_minutes": None if sellout is None else max(1, round(sellout)) if sellable else 0,
            "incoming": stock.incoming if stock else 0,
            "pace_confidence": speed.confidence, "replenishment": restock.facts(),
        }

    def concerned(self, product: Product, decision: Decision, state: ProductAlertState, now_ms: int,
                  settings: AlertSettings) -> list[Variant]:
        by_sku = {v.sku: v for v in product.variants}
        if decision.level == "trend":
            speeds = {v.sku: self.velocity.of_sku(v.sku, now_ms, settings.trend_window_s).units_recent
                      for v in product.variants}
            chosen = sorted((s for s in speeds if speeds[s] > 0), key=lambda s: -speeds[s])[:3]
        else:
            chosen = list(dict.fromkeys([*sorted(decision.skus), *state.concerned()]))
        triggered = [s for s in chosen if s in decision.skus]
        rest = [s for s in chosen if s not in decision.skus]
        severity = state.raised.get
        ordered = sorted(triggered, key=lambda s: -severity(s, Level.OK)) + sorted(
            rest, key=lambda s: -severity(s, Level.OK))
        return [by_sku[s] for s in ordered if s in by_sku][:MAX_VARIANTS]

    async def restock_of(self, sku: str, stock: SkuStock | None, now_ms: int) -> dict[str, Any] | None:
        if stock is None or stock.incoming <= 0:
            return None
        shipments = (await self.ledger.incoming([sku]))[sku]
        if not shipments:
            return None
        first = shipments[0]
        eta = eta_texts(int(first["eta_ms"]), now_ms)
        return {"sku": sku, "qty": int(first["qty"]), "eta_ms": int(first["eta_ms"]),
                "total_incoming": stock.incoming, "eta_zh": eta["zh"], "eta_en": eta["en"]}

    async def build(self, stream_id: str, decision: Decision, state: ProductAlertState, now_ms: int,
                    settings: AlertSettings, card_id: str | None, created_ts: int | None,
                    raised_ts: int | None = None) -> Card | None:
        """raised_ts: when the card was raised (None: quiet, waiting for the rate cap)."""
        product = self.catalog.catalog.product(decision.product_id)
        if product is None:
            return None
        subs = [p for p in (self.catalog.catalog.product(s) for s in product.substitutes) if p is not None]
        stocks = await self.read([product, *subs])
        picked = self.concerned(product, decision, state, now_ms, settings) or list(product.variants[:1])
        variants = [self.variant_facts(product, v, stocks.get(v.sku), state, now_ms, settings) for v in picked]
        head, head_variant = variants[0], picked[0]
        head_stock = stocks.get(head_variant.sku)
        base = head_stock.starting_sellable if head_stock else 0
        low_below = settings.low_ratio * base
        alternative = same_product_alternative(product, head_variant, stocks, low_below)
        replacement = substitute(subs, head_variant, stocks) if alternative is None else None
        offered = alternative or replacement
        restock = await self.restock_of(head_variant.sku, stocks.get(head_variant.sku), now_ms)
        kind = choose_action(decision.level, head["sellable"], alternative, replacement, restock)
        asking = await self.asking(stream_id, product.id)
        product_speed = self.velocity.of_product(product.id, now_ms, settings.trend_window_s)
        second = next((v for v, var in zip(variants[1:], picked[1:], strict=True) if v["sellable"] == 0), None)
        second_alt = None
        if second is not None:
            wanted = next(var for var in picked if var.sku == second["sku"])
            found = same_product_alternative(product, wanted, stocks, low_below)
            second_alt = found.facts() if found and found.variant.sku != head_variant.sku else None
        level = line_level(decision, head_variant.sku, state)
        facts = card_facts(level, product, variants, settings, product_speed.units_recent, asking,
                           offered, restock, second_alt)
        card_id = card_id or _new_card_id(stream_id, product.id, decision.level, now_ms)
        context = line_context(facts, head, second, second_alt, int(card_id[-6:], 16))
        lines = honest_lines(context, facts)
        starved = await bundle_warning(self.ledger, self.catalog.catalog, product, self.low_stock)  # issue 17
        if starved:
            lines = {lang: " ".join(x for x in (text, starved[f"line_{lang}"]) if x) for lang, text in lines.items()}
        action = render_texts("action", {**context, "kind": kind})
        return Card.model_validate({
            "id": card_id, "stream_id": stream_id, "product_id": product.id, "slot": slots.STOCK,
            "name": {"zh": product.display_name_zh, "en": product.display_name_en},
            "name_zh": product.display_name_zh, "name_en": product.display_name_en,
            "level": level, "variants": variants,
            "velocity_per_min": head["velocity_per_min"], "sellout_minutes": head["sellout_minutes"],
            "product_velocity_per_min": round(product_speed.per_min, 1),
            "asking": asking, "line_zh": lines["zh"], "line_en": lines["en"],
            "action": {"kind": kind, "text_zh": action["zh"], "text_en": action["en"],
                       "alternative": offered.facts() if offered else None,
                       "restock": restock},
            "facts": facts, "trigger": decision.trigger, "merged": [], "bundle": starved,
            "created_ts": created_ts or now_ms, "updated_ts": now_ms, "acknowledged": False,
            "raised": raised_ts is not None, "raised_ts": raised_ts,
        })


def _new_card_id(stream_id: str, product_id: str, level: str, now_ms: int) -> str:
    digest = hashlib.sha256(f"{stream_id}|{product_id}|{level}|{now_ms}".encode()).hexdigest()
    return f"card-{digest[:16]}"
