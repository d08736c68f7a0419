"""Alert levels of one SKU and the trend of one product, from ledger counts and sales velocity."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from assistant.alerts import replenishment
from assistant.alerts.replenishment import Replenishment
from assistant.alerts.settings import AlertSettings
from assistant.alerts.velocity import Velocity
from assistant.catalog.roles import alert_threshold_factor


class Level(IntEnum):
    """Ordered: a card is raised when a product climbs, never when it merely stays put."""

    OK = 0
    TREND = 1
    LOW = 2
    CRITICAL = 3
    SOLD_OUT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


BACK_IN_STOCK = "back_in_stock"  # a card kind, not a rung: it is what a re-armed SKU says once


@dataclass(frozen=True)
class StockThresholds:
    """The counts at which a SKU turns low and critical: the one count rule of cards and the ops board."""

    low: float
    critical: float


def stock_thresholds(base: int, settings: AlertSettings, tier: str | None = None) -> StockThresholds:
    """`base` is the starting sellable stock. A-tier items (proven sellers) cross low and critical earlier:
    their ratios are scaled by alert_threshold_factor(tier)."""
    factor = alert_threshold_factor(tier)
    return StockThresholds(low=min(1.0, settings.low_ratio * factor) * base,
                           critical=min(1.0, settings.critical_ratio * factor) * base)


def count_level(sellable: int, thresholds: StockThresholds) -> Level:
    """The level the count alone gives (no pace, no reorder point): what a screen can recolour per order."""
    if sellable <= 0:
        return Level.SOLD_OUT
    if sellable <= thresholds.critical:
        return Level.CRITICAL
    return Level.LOW if sellable <= thresholds.low else Level.OK


@dataclass(frozen=True)
class SkuLevel:
    level: Level
    low_threshold: float
    critical_threshold: float
    sellout_minutes: float | None
    replenishment: Replenishment


def classify_sku(sellable: int, base: int, lead_hours: float | None, velocity: Velocity,
                 settings: AlertSettings, incoming: int = 0, tier: str | None = None) -> SkuLevel:
    """`base` is the starting sellable stock (start - safety in the ledger's counters); the count rule is
    stock_thresholds/count_level (tier-aware). On top of it, the pace: low once the stock position reaches 150 %
    of the reorder point (over the FULL restock lead time: a 240 h cross-border restock is low days ahead);
    critical on a confident sell-out within critical_minutes.
    """
    sellout = velocity.sellout_minutes(sellable)
    restock = replenishment.plan(sellable, incoming, lead_hours, velocity, settings)
    thresholds = stock_thresholds(base, settings, tier)
    level = count_level(sellable, thresholds)
    if level < Level.CRITICAL and sellout is not None and sellout <= settings.critical_minutes:
        level = Level.CRITICAL
    elif level < Level.LOW and restock.tier is not None:
        level = Level.LOW
    return SkuLevel(level, thresholds.low, thresholds.critical, sellout, restock)


def trend_rising(velocity: Velocity, settings: AlertSettings) -> bool:
    """Counted units (bulk orders clipped), over more than a single burst second."""
    recent = velocity.units_recent if velocity.counted_recent is None else velocity.counted_recent
    before = velocity.units_before if velocity.counted_before is None else velocity.counted_before
    return (recent >= settings.trend_min_units and recent >= settings.trend_ratio * before
            and velocity.confidence != "low")
