"""Two uvicorn workers on one Redis keep one room's manners: cooldowns and the reply budget are the stream's."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from redis.asyncio import Redis

from assistant.comments.busy_chat import BusyChatSettings
from assistant.comments.pipeline import CommentPipeline
from assistant.container import Services
from tests.comments.conftest import ROOMY, STREAM, comment, focus

TIGHT = BusyChatSettings(budget_per_minute=6, budget_burst=2, viewer_cooldown_s=0, question_cooldown_s=0)
QUESTIONS = ["黑色L码还有吗", "灰色M码还有吗", "杏色S码还有吗"]


def workers(svc: Services, redis: Redis, busy: BusyChatSettings) -> tuple[CommentPipeline, CommentPipeline]:
    """Worker B has its own connection to the same Redis, as another process would."""
    return (CommentPipeline(svc, matcher=svc.catalog.matcher, busy=busy),
            CommentPipeline(replace(svc, redis=redis), matcher=svc.catalog.matcher, busy=busy))


async def one(worker: CommentPipeline, text: str, user: str | None = None) -> dict[str, Any]:
    return (await worker.process(STREAM, [comment(text, user)]))[0]


@pytest.fixture(autouse=True)
async def on_screen(svc: Services) -> None:
    await focus(svc, "HD-101")


async def test_a_viewer_repeating_on_the_other_worker_is_answered_once(svc: Services, redis: Redis, clock: Any) -> None:
    a, b = workers(svc, redis, ROOMY)

    assert (await one(a, "黑色L码还有吗", "ann")).action == "reply"
    assert (await one(b, "黑色L码还有吗", "ann")).reason == "viewer_cooldown"
    assert (await one(b, "黑色L码还有吗", "bob")).reason == "answered_recently"
    clock.advance(ROOMY.viewer_cooldown_s + 1)
    assert (await one(b, "黑色L码还有吗", "ann")).action == "reply"


async def test_the_reply_budget_is_the_streams_not_each_workers(svc: Services, redis: Redis, clock: Any) -> None:
    a, b = workers(svc, redis, TIGHT)

    burst = [await one(a, QUESTIONS[0]), await one(b, QUESTIONS[1]), await one(a, QUESTIONS[2]),
             await one(b, QUESTIONS[0])]
    clock.advance(10)  # 6 per minute: one reply earned back, for whichever worker asks first
    later = [await one(b, QUESTIONS[1]), await one(a, QUESTIONS[2])]

    assert [r.action for r in burst] == ["reply", "reply", "skip", "skip"]
    assert {r.reason for r in burst[2:]} == {"reply_budget"}
    assert [r.action for r in later] == ["reply", "skip"] and later[1].reason == "reply_budget"


async def test_batches_at_the_same_moment_share_the_burst(svc: Services, redis: Redis) -> None:
    a, b = workers(svc, redis, TIGHT)

    batches = await asyncio.gather(*(w.process(STREAM, [comment(q) for q in QUESTIONS]) for w in (a, b)))

    actions = [r.action for batch in batches for r in batch]
    assert actions.count("reply") == TIGHT.budget_burst and actions.count("skip") == 4


async def test_each_stream_has_its_own_budget_and_idle_state_expires(svc: Services, redis: Redis) -> None:
    a, b = workers(svc, redis, TIGHT)
    await focus(svc, "HD-101", "other-live")

    spent = [await one(a, q) for q in QUESTIONS]
    other = await b.process("other-live", [comment(QUESTIONS[0])])

    assert [r.action for r in spent] == ["reply", "reply", "skip"] and other[0].action == "reply"
    budgets = sorted([k.decode() async for k in redis.scan_iter(match="sa:manners:*")])
    assert budgets == ["sa:manners:{demo-live}:budget", "sa:manners:{other-live}:budget"]
    assert all([await redis.pttl(k) > 0 for k in budgets])  # an idle stream's state goes away by itself
