"""A comment result: what the service made of one live comment, and what to do with it.

The enums below are the documented vocabulary integrators branch on; a new action or reason value is added
HERE (the response is validated against them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from assistant.api.schemas.common import ApiModel
from assistant.api.schemas.stock import StockStatus


class CommentAction(StrEnum):
    """What the integration does with the result."""

    reply = "reply"  # post `reply` in the live chat: it answers from the ledger figures in `facts`
    clarify = "clarify"  # post `reply`: it asks the viewer which product/option they mean; states no stock
    skip = "skip"  # post nothing (`reply` is null); `reason` says why


class CommentReason(StrEnum):
    """Why the result is what it is. Replies: which situation the reply describes."""

    in_stock = "in_stock"  # reply: the option asked for is in stock
    in_stock_count = "in_stock_count"  # reply: in stock, with the count (exact_counts=always)
    low = "low"  # reply: few left, the count is stated
    sold_out = "sold_out"  # reply: sold out, with what else there is (other options, substitute, restock)
    none_left = "none_left"  # reply: every option of the product is sold out
    options = "options"  # reply: which colours/sizes are in stock
    several = "several"  # reply: several variants asked in one comment, each answered
    no_such_option = "no_such_option"  # reply: the product does not come in that colour/size; `not_offered`
    size_advice = "size_advice"  # reply: the size for the viewer's height/weight, and whether it is in stock
    size_advice_unknown = "size_advice_unknown"  # reply: no size chart; the sizes in stock instead
    llm = "llm"  # reply or clarify written by the LLM fallback from ledger facts
    low_confidence = "low_confidence"  # clarify: a guess at the product is named, the viewer is asked
    product_unknown = "product_unknown"  # clarify: which product?
    chatter = "chatter"  # skip: not a question
    not_a_stock_question = "not_a_stock_question"  # skip
    language_not_supported = "language_not_supported"  # skip: a language the offline engine cannot read
    injection = "injection"  # skip: tries to instruct the assistant
    abuse = "abuse"  # skip
    viewer_cooldown = "viewer_cooldown"  # skip: the same viewer asked the same thing moments ago
    answered_recently = "answered_recently"  # skip: the same question was just answered with the same figures
    reply_budget = "reply_budget"  # skip: the stream's reply budget is spent; see `retry_after_ms`
    waitlist_joined = "waitlist_joined"  # reply: the viewer ("蹲一个") is now on the variant's waitlist
    waitlist_already = "waitlist_already"  # reply: the viewer was on that waitlist already
    waitlist_left = "waitlist_left"  # reply: the viewer ("不要了") is off the waitlist(s)


MergedInto = Annotated[str, StringConstraints(pattern=r"^merged_into:.+$")]
"""skip: answered together with an earlier comment of the batch (`merged_into:<comment id>`), @mentioned there."""
GuardDropped = Annotated[str, StringConstraints(pattern=r"^guard:.+$")]
"""skip: the drafted reply stated something not in the facts and was dropped (`guard:<problem>`)."""


class CommentIntent(StrEnum):
    availability = "availability"
    size_advice = "size_advice"
    other = "other"


class Fact(ApiModel):
    """A ledger figure the reply was built from, read at answer time."""

    sku: str
    product_id: str
    colour: str | None
    size: str | None
    sellable: int = Field(ge=0)
    status: StockStatus
    role: Literal["asked", "alternative", "substitute"] = "asked"


class CommentResult(ApiModel):
    comment_id: str
    intent: CommentIntent
    language: str = Field(description="zh or en")
    product_id: str | None
    colour: str | None
    size: str | None
    facts: list[Fact]
    reply: str | None = Field(description="the text to post; null when action is skip")
    action: CommentAction
    reason: CommentReason | MergedInto | GuardDropped
    retry_after_ms: int | None = Field(
        default=None, ge=0,
        description="reason reply_budget: send the comment again (same id) after this many ms to get its reply")


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
