"""The facts a card's line may cite, and the context the line templates read them from."""

from __future__ import annotations

from typing import Any

from assistant.alerts.actions import Alternative
from assistant.alerts.levels import BACK_IN_STOCK, Level
from assistant.alerts.phrasing import few_left
from assistant.alerts.settings import AlertSettings
from assistant.alerts.tracker import Decision, ProductAlertState
from assistant.catalog.models import Product


def line_level(decision: Decision, head_sku: str, state: ProductAlertState) -> str:
    """The level of the variant the line is about: the card speaks of its headline, not the product's worst."""
    if decision.level == "trend" or (decision.level == BACK_IN_STOCK and head_sku in decision.skus):
        return decision.level
    said = state.raised.get(head_sku, Level.OK)
    if said >= Level.LOW:
        return said.label
    return decision.level if decision.level in ("trend", BACK_IN_STOCK) else (state.card_level or decision.level)


def card_facts(level: str, product: Product, variants: list[dict[str, Any]], settings: AlertSettings,
               units_recent: int, asking: dict[str, Any] | None, alternative: Alternative | None,
               restock: dict[str, Any] | None, second_alt: dict[str, Any] | None) -> dict[str, Any]:
    head = variants[0]
    floor = head["sellable"] // 10 * 10 if head["sellable"] >= 20 else None
    return {
        "level": level, "product": {"zh": product.display_name_zh, "en": product.display_name_en},
        "variants": variants, "sellable_floor": floor, "units_recent": units_recent,
        "window_minutes": round(settings.trend_window_s / 60), "askers": (asking or {}).get("askers"),
        "alternative": alternative.facts() if alternative else None, "restock": restock,
        "second_alternative": second_alt, "scarcity_max_units": settings.scarcity_max_units,
    }


def line_context(facts: dict[str, Any], head: dict[str, Any], second: dict[str, Any] | None,
                 second_alt: dict[str, Any] | None, seed: int) -> dict[str, Any]:
    return {
        "level": facts["level"], "name": facts["product"], "v": head, "floor": facts["sellable_floor"],
        "units_recent": facts["units_recent"], "window_minutes": facts["window_minutes"],
        "askers": facts["askers"] or 0, "alt": facts["alternative"], "restock": facts["restock"],
        "second": second if second_alt else None, "second_alt": second_alt, "phrasing": seed,
        "few": few_left(facts),
    }
