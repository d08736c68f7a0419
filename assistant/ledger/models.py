"""What callers hand the ledger and what it answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from assistant.catalog.ids import Id

CHANNEL_PATTERN = r"^[a-z0-9_.-]{1,32}$"


class OrderLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: Id
    qty: StrictInt = Field(gt=0, le=10_000)


class _LinesRequest(BaseModel):
    """What orders and holds share: idempotency fingerprint and per-SKU line totals."""

    model_config = ConfigDict(extra="forbid")
    channel: str = Field(pattern=CHANNEL_PATTERN, description="douyin, taobao, kuaishou, tiktok, site ...")
    buyer_id: str = Field(min_length=1, max_length=128)
    stream_id: Id | None = None
    region: Id | None = Field(default=None,
                               description="the buyer's region: its caps, buyer limit and the warehouses serving it")
    lines: list[OrderLine] = Field(min_length=1, max_length=100)

    @field_validator("channel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.model_dump(), sort_keys=True).encode()).hexdigest()[:32]

    def merged_lines(self) -> list[tuple[str, int]]:
        """One line per SKU: a request naming a SKU twice takes the sum, checked once."""
        totals: dict[str, int] = {}
        for line in self.lines:
            totals[line.sku] = totals.get(line.sku, 0) + line.qty
        return list(totals.items())


class OrderRequest(_LinesRequest):
    order_id: Id


class HoldRequest(_LinesRequest):
    hold_id: Id
    ttl_seconds: StrictInt | None = Field(default=None, gt=0, le=7 * 86400)


@dataclass(frozen=True)
class SkuStock:
    sku: str
    product_id: str
    on_hand: int
    safety_stock: int
    sold: int
    held: int
    start: int
    incoming: int
    buyer_limit: int

    @property
    def sellable(self) -> int:
        return max(0, self.on_hand - self.safety_stock - self.sold - self.held)

    @property
    def starting_sellable(self) -> int:
        """What the catalog load made sellable: the base every "low" ratio is measured against."""
        return max(0, self.start - self.safety_stock)

    @property
    def stock(self) -> int:
        """Units physically left (sold units gone, held ones still here)."""
        return self.on_hand - self.sold


@dataclass
class SkuDetail:
    stock: SkuStock
    counters: dict[str, int]
    holds: dict[str, int] = field(default_factory=dict)
    buyers: int = 0
    flash_caps: dict[str, int] = field(default_factory=dict)
    cap_sold: dict[str, int] = field(default_factory=dict)
    allocations: dict[str, int] = field(default_factory=dict)
    channel_sold: dict[str, int] = field(default_factory=dict)
    channel_held: dict[str, int] = field(default_factory=dict)  # units on live holds, per channel
    incoming: list[dict[str, object]] = field(default_factory=list)
