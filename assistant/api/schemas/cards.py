"""Host prompt cards and per-stream alert settings."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assistant.api.schemas.common import ApiModel
from assistant.api.schemas.stock import ProductNames
from assistant.api.schemas.warehouses import BundleWarning


class CardVariant(ApiModel):
    sku: str
    colour: str | None
    size: str | None
    sellable: int
    status: str
    level: str = Field(description="ok, trend, low, critical or sold_out for this variant")
    label_zh: str
    label_en: str
    velocity_per_min: float
    sellout_minutes: int | None = Field(description="minutes to sell out at the current pace; null: not selling")


class CardAction(ApiModel):
    kind: str = Field(description="what the host is prompted to do, e.g. push_remaining, switch_to, restock_eta")
    text_zh: str
    text_en: str
    alternative: dict[str, Any] | None = Field(description="the option or product to switch viewers to")
    restock: dict[str, Any] | None = Field(description="the next incoming shipment, when there is one")


class Card(ApiModel):
    """A prompt card for the host: every figure on it comes from `facts`, read from the ledger."""

    id: str
    stream_id: str
    product_id: str
    name: ProductNames
    level: str = Field(description="trend, low, critical, sold_out, back_in_stock, or waitlist")
    slot: str = Field(default="stock", description="where the card sits on the host's screen, one card per product "
                      "and slot: 'stock' (the alert engine's card) or 'waitlist:<sku>' (waiting viewers of a "
                      "variant that came back); a new card replaces its slot's previous one")
    variants: list[CardVariant]
    line_zh: str = Field(description="what the host can say")
    line_en: str
    action: CardAction
    facts: dict[str, Any] = Field(description="the ledger facts the card was built from")
    trigger: dict[str, Any] | None = Field(description="the movement that raised it")
    created_ts: int = Field(description="ms since the epoch")
    updated_ts: int
    acknowledged: bool
    acknowledged_ts: int | None = None
    superseded_by: str | None = None
    bundle: BundleWarning | None = Field(default=None, description="a bundle starved by a component (issue 17)")


class CardList(ApiModel):
    stream_id: str
    cards: list[Card] = Field(description="newest first; only products in the stream's lineup or focus")


class CardAck(ApiModel):
    card: Card


class AlertSettingsAnswer(ApiModel):
    stream_id: str
    settings: dict[str, float | int] = Field(description="the effective thresholds for this stream")
    overrides: dict[str, float | int] = Field(description="the ones this stream overrides")


class OnScreenVariant(ApiModel):
    sku: str
    colour: str | None
    size: str | None
    label_zh: str
    label_en: str
    sellable: int
    status: str


class OnScreen(ApiModel):
    """The focused product with every variant's live count; `product_id` null when nothing is focused."""

    stream_id: str
    product_id: str | None
    name_zh: str | None = None
    name_en: str | None = None
    channel: str | None = Field(default=None, description="the room's channel: the counts are what it may sell")
    variants: list[OnScreenVariant]
