"""A comment result: what the service made of one live comment, and what to do with it.

The enums below are the documented vocabulary integrators branch on; a new action or reason value is added
HERE (every result is validated against them, when built and when changed).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, StringConstraints

from assistant.comments.facts import Fact, ReplyBasis
from assistant.results import ResultModel


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
    command = "command"  # skip: a bot/chat command ("/delete stock all"), never obeyed
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


def _absent(value: object) -> bool:
    return value is None


def _sometimes(description: str) -> Any:
    """A field only some results carry: left out of the JSON when unset (never sent as null)."""
    return Field(default=None, exclude_if=_absent, description=description)


class CommentResult(ResultModel):
    """One comment's result: what was understood, the ledger facts, and what to post."""

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
    variants: list[dict[str, str | None]] | None = _sometimes(
        "several variants asked in one comment (reason several): [{colour, size}]")
    not_offered: dict[str, str | None] | None = _sometimes(
        "reason no_such_option: the colour or size the viewer named that the product does not come in")
    waitlist: dict[str, Any] | None = _sometimes(
        "what a waitlist cue did: {action: joined|already|left, sku or skus, waiting}")
    llm: str | None = _sometimes("why the LLM fallback declined and the engine answered instead")
    # The pipeline's working notes while a batch is answered; never part of the answer.
    _basis: ReplyBasis | None = PrivateAttr(default=None)  # what the reply may state (the guard checks it)
    _key: str | None = PrivateAttr(default=None)  # the question, for busy-chat merging and cooldowns
    _traditional: bool = PrivateAttr(default=False)  # the viewer wrote traditional characters

    def noted(self, *, basis: ReplyBasis | None = None, key: str | None = None,
              traditional: bool | None = None) -> CommentResult:
        """This result with the pipeline's working notes attached (the ones given; returned for chaining)."""
        if basis is not None:
            self._basis = basis
        if key is not None:
            self._key = key
        if traditional is not None:
            self._traditional = traditional
        return self

    @property
    def basis(self) -> ReplyBasis | None:
        return self._basis

    @property
    def key(self) -> str | None:
        return self._key

    @property
    def traditional(self) -> bool:
        return self._traditional

    def skip(self, reason: str, **extra: Any) -> None:
        """Not posted after all (budget, cooldown, merged, guard): no reply, and why."""
        self.reply, self.action, self.reason = None, CommentAction.skip, reason
        for name, value in extra.items():
            setattr(self, name, value)
