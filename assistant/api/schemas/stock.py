"""Stock reads and ledger answers: availability, SKU counters, movements, order/hold/ops verbs (the answers
are defined in assistant/ledger/answers.py: the ledger returns them, the API documents the same classes)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from assistant.api.schemas.common import ApiModel
from assistant.ledger.answers import (
    CancelAnswer,
    CountAnswer,
    HoldAnswer,
    IncomingAnswer,
    Line,
    OrderAnswer,
    PolicyAnswer,
    ReceiveAnswer,
    ReleaseAnswer,
    RestockAnswer,
)
from assistant.ledger.availability import Status as StockStatus

__all__ = ["CancelAnswer", "CountAnswer", "HoldAnswer", "IncomingAnswer", "Line", "OrderAnswer", "PolicyAnswer",
           "ReceiveAnswer", "ReleaseAnswer", "RestockAnswer", "StockStatus"]


class ProductNames(ApiModel):
    zh: str | None = None  # the catalog format asks for at least one of zh and en, not both
    en: str | None = None


class VariantStock(ApiModel):
    sku: str
    colour: str | None = Field(description="the catalog's colour label; null where the product has none")
    size: str | None = Field(description="the catalog's size label; null where the product has none")
    sellable: int = Field(ge=0, description="units that can be sold now (on hand - safety - sold - held)")
    status: StockStatus


class Availability(ApiModel):
    product_id: str
    name: str = Field(description="display name (Chinese)")
    names: ProductNames
    region: str | None = Field(default=None, description="the ?region= the figures are for")
    channel: str | None = Field(default=None, description="the ?channel= the figures are for")
    variants: list[VariantStock]


class Shipment(ApiModel):
    shipment_id: str
    qty: int
    eta_ms: int


class SkuDetail(ApiModel):
    sku: str
    product_id: str
    sellable: int
    status: StockStatus
    stock: int = Field(description="units physically left (held units included)")
    counters: dict[str, int] = Field(description="on_hand, safety, start, sold, held, restocked, cancelled ...")
    active_holds: dict[str, int] = Field(description="hold id -> units")
    buyers: int
    flash_caps: dict[str, int]
    cap_sold: dict[str, int]
    allocations: dict[str, int]
    channel_sold: dict[str, int]
    incoming: list[Shipment]


class Movement(ApiModel):
    """One entry of the movement stream (every value a string, as stored)."""

    id: str
    type: str = Field(description="sale, cancel, hold, release, expire, restock, correction, policy, incoming ...")
    sku: str
    qty: str | None = None
    before: str | None = None
    after: str | None = None
    actor: str | None = None
    ts: str | None = None
    ref: str | None = None


class Movements(ApiModel):
    sku: str
    movements: list[Movement]


class CatalogLoaded(ApiModel):
    products: int
    variants: int
    created: int | None = None
    reset: int | None = None
    kept: int | None = None


class Health(ApiModel):
    """Redis reachability, memory headroom, demand consumer lag and lost side effects; `problems` when degraded."""

    status: Literal["ok", "degraded"]
    redis: str
    memory: dict[str, Any] | None = None
    consumers: dict[str, Any] | None = None
    lost_side_effects: dict[str, int] | None = None
    catalog: dict[str, Any] | None = None
    embedded_redis: dict[str, Any] | None = None
    background: dict[str, dict[str, Any]] | None = Field(
        default=None, description="background loops (alert engine, webhook dispatcher, demand consumer ...) and "
                                  "start-up steps that are failing now: problem, failures, for_s, store_outage")
    problems: list[str] | None = None


class CatalogStatus(ApiModel):
    """The catalog version this worker serves, its product count and its semantic index's progress."""

    version: int | None
    products: int
    semantic_index: dict[str, Any]
