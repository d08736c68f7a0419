"""The moderation integration posts live comments; we answer each one, in order."""

from __future__ import annotations

from fastapi import APIRouter, Response

from assistant.api.deps import CommentsDep, IntegrationKey, ServicesDep
from assistant.api.schemas.comments import CommentResults
from assistant.api.schemas.common import AUTHED_ERRORS
from assistant.catalog.ids import Id
from assistant.comments.models import CommentBatch
from assistant.container import Services
from assistant.infra import metrics

router = APIRouter(tags=["comments"], responses=AUTHED_ERRORS)

BATCH_EXAMPLE = {"comments": [
    {"id": "c1", "user_id": "u1", "user_name": "小美", "text": "黑色L码还有吗", "ts": 1767225600.0},
    {"id": "c2", "user_id": "u2", "text": "3号链接还有货吗"},
]}


@router.post("/v1/streams/{stream_id}/comments", response_model=CommentResults,
             openapi_extra={"requestBody": {"content": {"application/json": {"example": BATCH_EXAMPLE}}}})
async def post_comments(batch: CommentBatch, response: Response, comments: CommentsDep, _: IntegrationKey,
                        svc: ServicesDep, stream_id: Id) -> CommentResults:
    """One result per comment, in order. `action` says what to do: `reply` (post `reply`; it states only the
    ledger figures in `facts`), `clarify` (post `reply`: it asks which product), `skip` (post nothing; `reason`
    says why). Busy-chat manners: one reply @mentions several viewers asking the same thing (`merged_into:<id>`),
    repeats inside a cooldown are skipped, and the stream's reply budget (a token bucket) caps how many replies
    go out: a reply skipped for the budget carries `retry_after_ms` (send that comment again, same id, after it).
    The `RateLimit-Limit` / `-Remaining` / `-Reset` headers describe that reply budget after this batch (the
    request itself is never refused for it: no 429)."""
    # Back-in-stock notices waiting for this room ride along, each in one response only (see waitlist).
    answer = await comments.respond(stream_id, batch.comments)
    metrics.count_comment_results(answer.results)
    budget = answer.budget
    response.headers.update({"RateLimit-Limit": str(budget.limit), "RateLimit-Remaining": str(budget.remaining),
                             "RateLimit-Reset": str(budget.reset_s),
                             "RateLimit-Policy": f"{budget.limit};w={round(budget.limit / per_second(svc))}"})
    return CommentResults.model_validate({"results": answer.results, "notices": answer.notices})  # notices: dicts


def per_second(svc: Services) -> float:
    return svc.settings.comment_replies_per_minute / 60
