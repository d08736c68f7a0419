"""Alert thresholds: defaults from the service settings, overridable per stream (kept in Redis)."""

from __future__ import annotations

import json
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt
from redis.asyncio import Redis

from assistant.config import Settings


class AlertSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    trend_window_s: int = Field(default=300, ge=60, le=900, description="trend compares this window with the one before")
    trend_ratio: float = Field(default=2.0, ge=1.0, le=20.0)
    trend_min_units: int = Field(default=10, ge=1, le=100_000, description="units sold in the window to matter")
    low_ratio: float = Field(default=0.2, ge=0, le=1, description="of the starting sellable stock")
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

    @classmethod
    def defaults_from(cls, settings: Settings) -> AlertSettings:
        values = {name: getattr(settings, f"alert_{name}") for name in cls.model_fields
                  if hasattr(settings, f"alert_{name}")}
        return cls(**values)


class AlertSettingsPatch(BaseModel):
    """PUT body: only the fields given change; null drops a stream's override back to the default. Numbers are
    numbers ("300", true are refused); the ranges are AlertSettings', checked when the patch is merged."""

    model_config = ConfigDict(extra="forbid")
    trend_window_s: StrictInt | None = None
    trend_ratio: StrictFloat | None = None
    trend_min_units: StrictInt | None = None
    low_ratio: StrictFloat | None = None
    lead_buffer: StrictFloat | None = None
    lead_horizon_hours: StrictFloat | None = None
    cross_border_lead_hours: StrictFloat | None = None
    cross_border_buffer: StrictFloat | None = None
    scarcity_max_units: StrictInt | None = None
    critical_ratio: StrictFloat | None = None
    critical_minutes: StrictFloat | None = None
    max_cards_per_minute: StrictInt | None = None
    material_change: StrictFloat | None = None
    back_in_stock_min_units: StrictInt | None = None
    escalate_after_minutes: StrictFloat | None = None


def _key(stream_id: str) -> str:
    return f"sa:alerts:settings:{stream_id}"


class StreamAlertSettings:
    """Per-stream overrides in Redis; the engine holds a copy refreshed with its routes."""

    def __init__(self, redis: Redis, defaults: AlertSettings, *, max_age_s: float = 1.0):
        self.redis = redis
        self.defaults = defaults
        self.max_age_s = max_age_s
        self._cached: dict[str, AlertSettings] = {}
        self._read_at = float("-inf")

    def of(self, stream_id: str) -> AlertSettings:
        return self._cached.get(stream_id, self.defaults)

    def is_stale(self) -> bool:
        # Monotonic wall time, as the routes: this bounds how long another worker's change takes to arrive.
        return time.monotonic() - self._read_at > self.max_age_s

    def _effective(self, raw: bytes | str | None) -> AlertSettings:
        overrides = json.loads(raw) if raw else {}
        return self.defaults.model_validate({**self.defaults.model_dump(), **overrides})

    async def refresh(self, stream_ids: list[str]) -> None:
        if not stream_ids:
            self._cached = {}
        else:
            raws = await self.redis.mget([_key(s) for s in stream_ids])
            self._cached = {s: self._effective(raw) for s, raw in zip(stream_ids, raws, strict=True)}
        self._read_at = time.monotonic()

    async def overrides(self, stream_id: str) -> dict[str, Any]:
        raw = await self.redis.get(_key(stream_id))
        return json.loads(raw) if raw else {}

    async def read(self, stream_id: str) -> AlertSettings:
        return self._effective(await self.redis.get(_key(stream_id)))

    async def update(self, stream_id: str, patch: AlertSettingsPatch) -> AlertSettings:
        """Validates the merged result (422 on a bad value) before anything is stored."""
        overrides = await self.overrides(stream_id)
        for name, value in patch.model_dump(exclude_unset=True).items():
            if value is None:
                overrides.pop(name, None)
            else:
                overrides[name] = value
        effective = self.defaults.model_validate({**self.defaults.model_dump(), **overrides})
        await self.redis.set(_key(stream_id), json.dumps(overrides))
        self._cached[stream_id] = effective
        return effective
