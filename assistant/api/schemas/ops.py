"""The ops assistant's answers, confirmations and the post-live report."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assistant.api.schemas.common import ApiModel


class ToolCall(ApiModel):
    name: str
    args: dict[str, Any]


class Proposal(ApiModel):
    """A stock change the assistant proposes; nothing happens until POST /v1/ops/confirm with its token."""

    token: str
    action: str = Field(description="restock, correct_count, set_policy ...")
    sku: str
    summary: str
    expires_ms: int
    expires_in_s: int | None = None


class OpsAnswer(ApiModel):
    answer: str = Field(description="markdown; every figure in it is read from the ledger")
    conversation_id: str
    stream_id: str | None = None
    tool_calls: list[ToolCall]
    proposals: list[Proposal] = Field(default_factory=list)
    timed_out: bool = False
    remembered: bool = Field(default=True, description="false: the store was full and this exchange is not kept "
                                                        "in the conversation (a follow-up will not see it)")


class Confirmation(ApiModel):
    status: str = Field(description="applied (or the state the proposal is in)")
    token: str
    action: str
    sku: str
    summary: str
    result: dict[str, Any] | None = Field(default=None, description="the ledger's answer to the applied change")
    already_confirmed: bool = False


class ReportWindow(ApiModel):
    """The session: the room's first to its last stock movement, or the `start_ms`/`end_ms` asked for."""

    start_ms: int | None = Field(description="null: no movement in this room yet")
    end_ms: int
    start: str | None
    end: str
    given: bool = Field(default=False, description="true when start_ms or end_ms was asked for")


class Report(ApiModel):
    """The post-live report: every figure recomputed from the movement stream and checked against the ledger."""

    stream_id: str
    generated_ms: int
    window: ReportWindow
    totals: dict[str, int]
    skus: list[dict[str, Any]]
    reconciliation: dict[str, Any]
    oversell: dict[str, Any]
    best_sellers: list[dict[str, Any]]
    sold_out: list[dict[str, Any]]
    demand: dict[str, Any]
    curve: list[list[int]] = Field(description="[ms, units sold so far] points")
