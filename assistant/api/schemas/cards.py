"""Host prompt cards (the card itself is the domain's: assistant/alerts/card.py) and per-stream alert settings."""

from __future__ import annotations

from pydantic import Field

from assistant.alerts.card import Card
from assistant.api.schemas.common import ApiModel


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
