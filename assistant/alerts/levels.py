"""Alert levels of one SKU and the trend of one product, from ledger counts and sales velocity."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from assistant.alerts.settings import AlertSettings
from assistant.alerts.velocity import Velocity
from assistant.catalog.roles import alert_threshold_factor

ROUND_NUMBERS = (5, 10, 20, 30, 50, 100, 200, 300, 500, 1000)


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


def classify_sku(sellable: int, base: int, lead_hours: float | None, velocity: Velocity,
                 settings: AlertSettings, tier: str | None = None) -> SkuLevel:
    """`base` is the starting sellable stock (start - safety in the ledger's counters). A-tier items (proven
    sellers) cross low and critical earlier: their ratios are scaled by alert_threshold_factor(tier)."""
    sellout = velocity.sellout_minutes(sellable)
    # The pace of a live burst is trusted for at most lead_horizon_hours of the restock lead time.
    lead_demand = 0.0
    if lead_hours:
        hours = min(lead_hours, settings.lead_horizon_hours)
        lead_demand = velocity.run_rate_per_min * 60 * hours * (1 + settings.lead_buffer)
    factor = alert_threshold_factor(tier)
    low = max(min(1.0, settings.low_ratio * factor) * base, lead_demand)
    critical = min(1.0, settings.critical_ratio * factor) * base
    if sellable <= 0:
        level = Level.SOLD_OUT
    elif sellable <= critical or (sellout is not None and sellout <= settings.critical_minutes):
        level = Level.CRITICAL
    elif sellable <= low:
        level = Level.LOW
    else:
        level = Level.OK
    return SkuLevel(level, low, critical, sellout)


def trend_rising(velocity: Velocity, settings: AlertSettings) -> bool:
    return (velocity.units_recent >= settings.trend_min_units
            and velocity.units_recent >= settings.trend_ratio * velocity.units_before)


def material_change(announced: int, now: int, settings: AlertSettings) -> bool:
    """A change the host should hear about: a quarter of the count (two units at least) or a round number."""
    if announced == now:
        return False
    if abs(now - announced) >= max(settings.material_change * announced, 2):
        return True
    low, high = min(announced, now), max(announced, now)
    return any(low <= mark < high for mark in ROUND_NUMBERS)
