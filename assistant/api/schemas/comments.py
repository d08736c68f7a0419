"""The comments route's answer: one result per comment (assistant/comments/results.py defines the result and
its action/reason vocabularies) and the back-in-stock notices riding along."""

from __future__ import annotations

from pydantic import Field

from assistant.api.schemas.common import ApiModel
from assistant.comments.facts import Fact
from assistant.comments.results import (
    CommentAction,
    CommentIntent,
    CommentReason,
    CommentResult,
    GuardDropped,
    MergedInto,
)

__all__ = ["CommentAction", "CommentIntent", "CommentReason", "CommentResult", "CommentResults", "Fact",
           "GuardDropped", "MergedInto", "NoticePart"]


class NoticePart(ApiModel):
    """A back-in-stock reply due in this room: post `reply` once; it @mentions the waitlisted viewers."""

    notice_id: str
    part: int
    parts: int
    sku: str
    product_id: str
    reply: str
    mentions: list[str] = Field(description="the viewer ids this part @mentions")
    holds: list[dict[str, object]] = Field(description="units held for these viewers: hold_id, expires_at_ms")
    cursor: str = Field(description="the part's place in the room's notice outbox; carried by one response only")
    facts: list[Fact]


class CommentResults(ApiModel):
    results: list[CommentResult] = Field(description="one per comment, in the order sent")
    notices: list[NoticePart] = Field(default_factory=list,
                                      description="back-in-stock replies due in this room, within its reply budget")
