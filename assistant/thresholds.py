"""Thresholds declared once: what "low" stock is, and the alert settings a stream may override.

`Settings` (config.py) takes its STOCK_ASSISTANT_ALERT_* and LOW_STOCK_* defaults from here and checks them
against these bounds; the per-stream overrides (alerts/settings.py) and their PUT body use the same fields.
This module imports nothing of ours, so config.py, the ledger and the alerts part all import it one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, create_model

# "Low" everywhere (comment replies, board, waitlist, and the cards' low level unless a stream overrides it):
# at or below this share of the starting sellable stock, or LOW_UNITS for a small run.
LOW_RATIO = 0.2
LOW_UNITS = 10


class AlertSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    trend_window_s: int = Field(default=300, ge=60, le=900, description="trend compares this window with the one before")
    trend_ratio: float = Field(default=2.0, ge=1.0, le=20.0)
    trend_min_units: int = Field(default=10, ge=1, le=100_000, description="units sold in the window to matter")
    low_ratio: float = Field(default=LOW_RATIO, ge=0, le=1,
                             description="of the starting sellable stock (the default: STOCK_ASSISTANT_LOW_STOCK_RATIO)")
    lead_buffer: float = Field(default=0.25, ge=0, le=5, description="added to the demand over the restock lead time")
    lead_horizon_hours: float = Field(default=1.0, ge=0, le=24 * 30,
                                      description="unused: the reorder point covers the full restock lead time "
                                                  "(kept so stored overrides still load)")
    cross_border_lead_hours: float = Field(default=168.0, gt=0, le=24 * 90,
                                           description="a lead time this long or longer is cross-border")
    cross_border_buffer: float = Field(default=0.25, ge=0.2, le=0.3,
                                       description="the reorder buffer for cross-border lead times (20-30 %)")
    scarcity_max_units: int = Field(default=30, ge=1, le=100_000,
                                    description="scarcity words (最后N件, only N left) only at or below this count")
    critical_ratio: float = Field(default=0.1, ge=0, le=1)
    critical_minutes: float = Field(default=10.0, ge=0, le=24 * 60, description="predicted sell-out within this")
    max_cards_per_minute: int = Field(default=6, ge=1, le=10_000)
    material_change: float = Field(default=0.25, gt=0, le=1, description="unused since cards follow every change of a count; kept so stored "
                                   "overrides still load")
    back_in_stock_min_units: int = Field(default=3, ge=1, le=100_000,
                                         description="units freed by cancellations before back-in-stock is said")
    escalate_after_minutes: float = Field(default=5.0, ge=0.1, le=24 * 60,
                                          description="a critical or sold-out card not acknowledged by then goes "
                                                      "to the escalation webhooks")


def alert_default(name: str) -> Any:
    """An alert setting's declared default (Settings' STOCK_ASSISTANT_ALERT_<NAME>; bounds checked by AlertSettings)."""
    return AlertSettings.model_fields[name].default


_STRICT = {int: StrictInt, float: StrictFloat}

if TYPE_CHECKING:
    AlertSettingsPatch = BaseModel
else:
    # AlertSettings' fields, numbers as numbers, unbounded here: the merged settings are validated (422).
    AlertSettingsPatch = create_model(
        "AlertSettingsPatch",
        __config__=ConfigDict(extra="forbid"),
        __doc__="PUT body: only the fields given change; null drops a stream's override back to the default. "
                "Numbers are numbers (\"300\", true are refused); the ranges are AlertSettings', checked when the "
                "patch is merged.",
        **{name: (_STRICT[field.annotation] | None, None) for name, field in AlertSettings.model_fields.items()},
    )
