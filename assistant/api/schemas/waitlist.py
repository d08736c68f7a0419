"""Waitlist answers: who waits for which variant in a room, notices, events, report, per-stream settings."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assistant.api.schemas.common import ApiModel


class WaitlistRoom(ApiModel):
    stream_id: str
    as_of_ms: int
    waiting: int = Field(description="viewers waiting in this room, over all variants")
    variants: list[dict[str, Any]] = Field(description="sku, product_id, names, colour, size, labels, waiting, "
                                                       "sellable and status now; most-waited first")
    totals: dict[str, int] = Field(description="joined, left, notices, notified, held, bought_within_hold, "
                                               "bought_after_notice")


class WaitlistRooms(ApiModel):
    rooms: list[dict[str, Any]] = Field(description="stream_id, waiting, variants per room with a waitlist")


class WaitlistNotices(ApiModel):
    stream_id: str
    notices: list[dict[str, Any]] = Field(description="back-in-stock notices, newest first")


class WaitlistEvents(ApiModel):
    stream_id: str
    events: list[dict[str, Any]] = Field(description="back_in_stock_notice events, each with its cursor")
    cursor: str | None = Field(description="pass back as `after` for the next events")


class WaitlistReport(ApiModel):
    stream_id: str
    totals: dict[str, int]
    variants: list[dict[str, Any]]


class WaitlistSettingsAnswer(ApiModel):
    stream_id: str
    settings: dict[str, Any]
    overrides: dict[str, Any]
