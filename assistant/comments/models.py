"""The comment batch the moderation integration posts, and one result per comment."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from assistant.comments.results import CommentAction, CommentIntent, CommentResult
from assistant.infra.limits import EPOCH_MS_MAX


class CommentIn(BaseModel):
    """One viewer comment. Platform fields beside these (avatar, fan level, gift ...) are ignored, not refused:
    integrations forward what the platform sends, and one odd field must not cost a batch its replies. The
    batch around it is strict (docs/INTEGRATION.md)."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=128)
    user_id: str = Field(min_length=1, max_length=128)
    user_name: str | None = Field(default=None, max_length=128)
    text: str = Field(max_length=1000)
    # seconds or ms since the epoch, as the platform sends it; a number, never true/false or a string
    ts: StrictFloat | StrictInt | None = Field(default=None, ge=0, le=EPOCH_MS_MAX, allow_inf_nan=False)


class CommentBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comments: list[CommentIn] = Field(min_length=1, max_length=500)


def skipped(comment: CommentIn, intent: str, language: str, reason: str, **extra: Any) -> CommentResult:
    fields: dict[str, Any] = {"product_id": None, "colour": None, "size": None, **extra}
    return CommentResult(comment_id=comment.id, intent=CommentIntent(intent), language=language, facts=[],
                         reply=None, action=CommentAction.skip, reason=reason, **fields)
