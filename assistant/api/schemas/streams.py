"""A live room's lineup and focus."""

from __future__ import annotations

from pydantic import Field

from assistant.api.schemas.common import ApiModel


class LineupEntry(ApiModel):
    link_no: int
    product_id: str


class StreamAnswer(ApiModel):
    stream_id: str
    items: list[LineupEntry] = Field(description="the lineup by link number")
    focus: str | None = Field(description="the product on screen now")
    channel: str | None = Field(default=None, description="the channel the room sells through: its viewers are "
                                "told what that channel may sell")
