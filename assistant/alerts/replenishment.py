"""Replenishment the way live-room and cross-border teams plan it, per SKU.

- cover: hours (and days) the sellable stock lasts at the current pace;
- reorder point = pace x the full restock lead time x (1 + buffer); the buffer is 25 % by default and the
  cross-border buffer (20-30 %) once the lead time is cross-border long;
- levels on the stock position (sellable + incoming): yellow at 150 %, orange at 100 %, red at 50 % of the
  reorder point;
- suggested restock: enough to cover two lead times plus the buffer, less what is on hand and on the way.

Only a pace spread over enough orders and seconds (medium confidence or better) sets a level or a quantity:
one bulk order is not a plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from assistant.alerts.settings import AlertSettings
from assistant.alerts.velocity import Velocity

Tier = Literal["yellow", "orange", "red"]
TIERS: tuple[tuple[Tier, float], ...] = (("red", 0.5), ("orange", 1.0), ("yellow", 1.5))


@dataclass(frozen=True)
class Replenishment:
    per_hour: float
    confidence: str
    lead_hours: float | None
    buffer: float
    cover_hours: float | None
    reorder_point: int | None
    tier: Tier | None
    suggested_qty: int | None

    def facts(self) -> dict[str, Any]:
        cover = None if self.cover_hours is None else round(self.cover_hours, 1)
        return {"per_hour": round(self.per_hour, 1), "confidence": self.confidence, "lead_hours": self.lead_hours,
                "buffer": self.buffer, "cover_hours": cover,
                "cover_days": None if cover is None else round(cover / 24, 1),
                "reorder_point": self.reorder_point, "tier": self.tier, "suggested_qty": self.suggested_qty}


def buffer_for(lead_hours: float | None, settings: AlertSettings) -> float:
    if lead_hours is not None and lead_hours >= settings.cross_border_lead_hours:
        return settings.cross_border_buffer
    return settings.lead_buffer


def plan(sellable: int, incoming: int, lead_hours: float | None, velocity: Velocity,
         settings: AlertSettings) -> Replenishment:
    per_hour = velocity.run_rate_per_min * 60
    trusted = velocity.lead_confidence in ("medium", "high") and per_hour > 0
    buffer = buffer_for(lead_hours, settings)
    cover = sellable / per_hour if trusted else None
    if not trusted or not lead_hours:
        return Replenishment(per_hour, velocity.lead_confidence, lead_hours, buffer, cover, None, None, None)
    reorder_point = math.ceil(per_hour * lead_hours * (1 + buffer))
    position = sellable + incoming
    tier = next((name for name, share in TIERS if position <= share * reorder_point), None)
    target = math.ceil(per_hour * lead_hours * (2 + buffer))
    suggested = max(0, target - position) if tier else 0
    return Replenishment(per_hour, velocity.lead_confidence, lead_hours, buffer, cover, reorder_point, tier, suggested)
