"""The live ops board: rooms, products in lineup order, variants with their counts and levels."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from assistant.api.schemas.common import ApiModel
from assistant.api.schemas.ops import Proposal


class BoardVariant(ApiModel):
    sku: str
    colour: str | None = None
    size: str | None = None
    sellable: int
    start_sellable: int
    status: Literal["sold_out", "low", "in_stock"] = Field(description="the ledger's availability status")
    level: Literal["sold_out", "critical", "low", "in_stock"] = Field(
        description="the colour: the cards' count rule (tier-aware, the room's alert settings)")
    low_at: float = Field(description="low at or below this many sellable units (for recolouring pushed counts)")
    critical_at: float = Field(description="critical at or below this many sellable units")
    incoming: int
    waiting: int = Field(default=0, description="viewers on this variant's waitlist in the room")
    sellout_minutes: float | None


class BoardProduct(ApiModel):
    product_id: str
    link: int | None
    tier: str | None = None
    role: str | None = None
    variants: list[BoardVariant]
    per_minute: list[int] = Field(description="units sold per minute, oldest first (spark line)")
    pace_per_min: float
    sellout_minutes: float | None
    cover_hours: float | None
    channels: dict[str, int]
    session_units: int
    waiting: int = Field(default=0, description="viewers waiting for any of its variants in the room")


class BoardRoom(ApiModel):
    stream_id: str
    products: list[BoardProduct]
    asks: dict[str, Any]
    cards: list[dict[str, Any]]
    incoming: list[dict[str, Any]]
    waitlist: list[dict[str, Any]] = Field(default_factory=list,
                                           description="the room's most-waited variants: sku, name, waiting, sellable")
    warehouses: list[dict[str, Any]] = Field(default_factory=list,
                                             description="sellable and incoming units per warehouse (issue 17)")


class BoardSnapshot(ApiModel):
    now_ms: int
    now: str
    rule: dict[str, float]
    spark_minutes: int
    rooms: list[BoardRoom]


class BoardProposalAnswer(ApiModel):
    proposal: Proposal
    applied: bool = Field(description="always false: POST /v1/ops/confirm with the token applies it")
