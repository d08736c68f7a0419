"""Outbound webhook targets and their deliveries."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from assistant.api.schemas.common import ApiModel

DeliveryStatus = Literal["pending", "retrying", "delivered", "failed", "cancelled"]


class WebhookTargetShown(ApiModel):
    """A target as configured; its secret is never shown, only whether one is set."""

    id: str
    url: str = Field(description="where it is sent, its credentials masked: query values, user info and token-like "
                                 "path segments show as *** and their last 4 characters")
    format: str = Field(description="generic, feishu, dingtalk, wecom or slack")
    streams: list[str]
    levels: list[str]
    kinds: list[str]
    role: str = Field(description="primary or escalation")
    language: str
    enabled: bool
    updated_ms: int
    secret_set: bool


class WebhookTargetListed(WebhookTargetShown):
    recent: dict[str, int] = Field(description="recent deliveries by status")
    last: dict[str, Any] | None = Field(description="the latest delivery to this target")


class WebhookTargets(ApiModel):
    targets: list[WebhookTargetListed]


class WebhookTargetAnswer(ApiModel):
    target: WebhookTargetShown


class WebhookDeleted(ApiModel):
    deleted: str


class Delivery(ApiModel):
    id: str
    target_id: str
    stream_id: str
    kind: str
    level: str | None
    status: DeliveryStatus
    attempts: int
    created_ms: int
    next_ms: int | None
    delivered_ms: int | None
    last_error: str | None
    last_status: int | None
    event_id: str
    event_ts: int


class Deliveries(ApiModel):
    deliveries: list[Delivery] = Field(description="newest change first")
