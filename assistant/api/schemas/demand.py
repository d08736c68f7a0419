"""Demand signals: what viewers ask for, what is flagged, what the catalog lacks."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assistant.api.schemas.common import ApiModel


class DemandFlag(ApiModel):
    kind: str = Field(description="frequent or unmet")
    restock_estimate: int | None = None


class DemandItem(ApiModel):
    product_id: str
    name: str
    colour: str | None
    size: str | None
    sku: str | None
    asks: int
    askers: int
    unmet_asks: int
    sales: int
    asks_to_sales: float | None
    flags: list[DemandFlag]


class NotOffered(ApiModel):
    group_id: str
    kind: str = Field(description="colour, size or product: what viewers asked for that the catalog lacks")
    label: str
    asks: int
    askers: int
    examples: list[str]


class DemandReport(ApiModel):
    stream_id: str
    window: str = Field(description="session or the window asked for (10m, 1h ...)")
    as_of_ms: int
    items: list[DemandItem] = Field(description="most asked first")
    not_offered: list[NotOffered]
    totals: dict[str, int]
    conversion: dict[str, Any]


class DemandSession(DemandReport):
    first_ts: int | None
    last_ts: int | None
    comments_seen: int
    retention_hours: int
    expires_in_s: int
