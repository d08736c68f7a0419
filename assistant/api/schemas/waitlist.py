"""Waitlist answers: who waits for which variant in a room, notices, events, report, per-stream settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.api.schemas.comments import Fact
from assistant.api.schemas.common import ApiModel
from assistant.api.schemas.stock import StockStatus


class WaitlistVariant(ApiModel):
    sku: str
    product_id: str
    name_zh: str | None
    name_en: str | None
    colour: str | None
    size: str | None
    label_zh: str
    label_en: str
    waiting: int = Field(ge=0, description="viewers waiting for this variant in the room")
    sellable: int = Field(ge=0, description="the ledger's count now")
    status: StockStatus


class WaitlistCounters(ApiModel):
    joined: int = 0
    left: int = 0
    notices: int = 0
    notified: int = 0
    held: int = 0
    bought_within_hold: int = 0
    bought_after_notice: int = 0


class WaitlistRoom(ApiModel):
    stream_id: str
    as_of_ms: int
    waiting: int = Field(description="viewers waiting in this room, over all variants")
    variants: list[WaitlistVariant] = Field(description="most-waited first")
    totals: WaitlistCounters


class WaitlistRoomSummary(ApiModel):
    stream_id: str
    waiting: int = Field(description="viewers waiting, over all variants")
    variants: int = Field(description="variants somebody waits for")


class WaitlistRooms(ApiModel):
    rooms: list[WaitlistRoomSummary] = Field(description="every room with a waitlist")


class WaitingViewer(ApiModel):
    user_id: str
    mention: str = Field(description="the @handle the notice uses (a neutral one for an unsafe name)")
    lang: str = Field(description="zh or en: the language the viewer asked in")
    joined_ms: int


class NoticeHold(ApiModel):
    user_id: str
    hold_id: str = Field(description="confirm with POST /v1/holds/{hold_id}/confirm when the viewer buys")
    expires_at_ms: int


class NoticeTrigger(ApiModel):
    type: str | None = Field(description="the ledger movement that brought the stock back (restock, cancel, ...), "
                             "or deferred (a return inside the variant's notice cooldown, said once it ended)")
    movement_id: str | None = Field(description="the movement's stream id (none for a deferred return)")
    returned: int = Field(description="units that came back")
    ts: int
    after: int = Field(description="sellable after the movement")


class NoticeVariant(ApiModel):
    """The room and variant a back-in-stock notice is about."""

    stream_id: str
    sku: str
    product_id: str | None
    colour: str | None = None
    size: str | None = None


class Notice(NoticeVariant):
    id: str
    status: str = Field(description="issued, ready (drafted and queued), withdrawn (not honest to post) ...")
    viewers: list[WaitingViewer] = Field(description="exactly the viewers waiting at the movement")
    trigger: NoticeTrigger
    holds: list[NoticeHold] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list, description="the ledger facts the replies were drafted from")
    parts: int | None = Field(default=None, description="how many replies the notice was split into")
    ts: int


class WaitlistNotices(ApiModel):
    stream_id: str
    notices: list[Notice] = Field(description="back-in-stock notices, newest first")


class NoticeEventPart(ApiModel):
    notice_id: str
    part: int
    parts: int
    language: str = Field(description="zh or en")
    reply: str
    mentions: list[str] = Field(description="the viewer ids this part @mentions")
    holds: list[NoticeHold] = Field(default_factory=list)


class NoticeEvent(NoticeVariant):
    cursor: str = Field(description="this event's place: pass the last one back as `after`")
    kind: Literal["back_in_stock_notice"]
    notice_id: str
    viewers: list[str] = Field(description="the waiting viewers' ids")
    holds: list[NoticeHold] = Field(default_factory=list)
    facts: list[Fact]
    replies: list[str]
    parts: list[NoticeEventPart]
    ts: int


class WaitlistEvents(ApiModel):
    stream_id: str
    events: list[NoticeEvent] = Field(description="back_in_stock_notice events, each with its cursor")
    cursor: str | None = Field(description="pass back as `after` for the next events")


class WaitlistReportTotals(WaitlistCounters):
    waiting_now: int = 0


class WaitlistReportRow(WaitlistCounters):
    sku: str
    product_id: str | None
    label_zh: str
    label_en: str
    waiting_now: int = 0


class WaitlistReport(ApiModel):
    stream_id: str
    totals: WaitlistReportTotals
    variants: list[WaitlistReportRow]


class WaitlistSettingsValues(ApiModel):
    hold_share: float = Field(description="share of the returning units held for waitlisted viewers (0: none)")
    hold_minutes: int = Field(description="how long such a hold lasts unpaid")
    hold_channel: str = Field(description="the channel the holds are placed on")


class WaitlistSettingsAnswer(ApiModel):
    stream_id: str
    settings: WaitlistSettingsValues
    overrides: dict[str, float | int | str] = Field(description="the settings this stream overrides")
