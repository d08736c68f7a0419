"""A burst over the stream's reply budget: every reply skipped for the budget says when to send it again, sent
again then it is answered, and the RateLimit headers describe the budget."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import auth

URL = "/v1/streams/demo-live/comments"
QUESTIONS = ["1号黑色S还有吗", "1号黑色M还有吗", "1号黑色L还有吗", "1号灰色S还有吗", "1号灰色M还有吗",
             "2号黑色M还有吗", "2号黑色L还有吗", "2号黑色XL还有吗"]


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"comment_replies_per_minute": 60.0, "comment_reply_burst": 3.0})


async def test_budget_skips_carry_retry_after_and_the_headers_tell_the_budget(loaded: Any, clock) -> None:
    batch = {"comments": [{"id": f"c{i}", "user_id": f"u{i}", "text": t} for i, t in enumerate(QUESTIONS)]}
    answer = await loaded.post(URL, json=batch, headers=auth("integration"))
    assert answer.status_code == 200
    results = answer.json()["results"]
    replied = [r for r in results if r["action"] == "reply"]
    over = [r for r in results if r["reason"] == "reply_budget"]
    assert len(replied) == 3 and len(over) == len(QUESTIONS) - 3
    assert all(r.get("retry_after_ms") is None for r in replied)
    waits = [r["retry_after_ms"] for r in over]
    assert waits == sorted(waits) and len(set(waits)) == len(waits)  # staggered: one refilled token each
    assert waits[0] <= 1000 < waits[-1]  # one reply a second at 60 per minute
    assert (answer.headers["RateLimit-Limit"], answer.headers["RateLimit-Remaining"]) == ("3", "0")
    assert int(answer.headers["RateLimit-Reset"]) >= 1

    # Sent again when told, each one is answered (the refusal did not put the viewer on cooldown).
    sent_at = clock.now_ms
    for result, wait in zip(over, waits, strict=True):
        clock.now_ms = sent_at + wait
        comment = next(c for c in batch["comments"] if c["id"] == result["comment_id"])
        again = (await loaded.post(URL, json={"comments": [comment]}, headers=auth("integration"))).json()
        assert again["results"][0]["action"] == "reply", again
    clock.advance(60)
    rested = await loaded.post(URL, json={"comments": [{"id": "z", "user_id": "z", "text": "hi"}]},
                               headers=auth("integration"))
    assert rested.headers["RateLimit-Remaining"] == "3" and rested.headers["RateLimit-Reset"] == "0"
