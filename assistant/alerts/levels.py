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
class SkuLevel:
    level: Level
    low_threshold: float
    critical_threshold: float
    sellout_minutes: float | None
    replenishment: Replenishment


def classify_sku(sellable: int, base: int, lead_hours: float | None, velocity: Velocity,
                 settings: AlertSettings, incoming: int = 0, tier: str | None = None) -> SkuLevel:
    """`base` is the starting sellable stock (start - safety in the ledger's counters). A-tier items (proven
    sellers) cross low and critical earlier: their ratios are scaled by alert_threshold_factor(tier).

    Low at 20 % of it or once the stock position reaches 150 % of the reorder point (over the FULL restock lead
    time: a 240 h cross-border restock is low days ahead); critical at 10 % or a confident sell-out within
    critical_minutes; sold out at 0.
    """
    sellout = velocity.sellout_minutes(sellable)
    restock = replenishment.plan(sellable, incoming, lead_hours, velocity, settings)
    factor = alert_threshold_factor(tier)
    low = min(1.0, settings.low_ratio * factor) * base
    critical = min(1.0, settings.critical_ratio * factor) * base
    if sellable <= 0:
        level = Level.SOLD_OUT
    elif sellable <= critical or (sellout is not None and sellout <= settings.critical_minutes):
        level = Level.CRITICAL
    elif sellable <= low or restock.tier is not None:
        level = Level.LOW
    else:
        level = Level.OK
    return SkuLevel(level, low, critical, sellout, restock)


def trend_rising(velocity: Velocity, settings: AlertSettings) -> bool:
    """Counted units (bulk orders clipped), over more than a single burst second."""
    recent = velocity.units_recent if velocity.counted_recent is None else velocity.counted_recent
    before = velocity.units_before if velocity.counted_before is None else velocity.counted_before
    return (recent >= settings.trend_min_units and recent >= settings.trend_ratio * before
            and velocity.confidence != "low")
