"""Comment batches are idempotent by comment id: an integration that timed out and posts again gets the first
results back (not cooldown skips), nothing is answered or counted twice, and an id names one comment."""

from __future__ import annotations

import asyncio
from typing import Any

from assistant.demand.events import ask_stream
from tests.conftest import auth

URL = "/v1/streams/demo-live/comments"
BATCH = {"comments": [
    {"id": "r1", "user_id": "u1", "user_name": "小美", "text": "黑色L码还有吗"},
    {"id": "r2", "user_id": "u2", "text": "主播好漂亮"},
    {"id": "r3", "user_id": "u3", "user_name": "Jo", "text": "黑色L码还有吗"},
]}


async def _post(client: Any, batch: dict[str, Any]) -> Any:
    return await client.post(URL, json=batch, headers=auth("integration"))


async def _focus(client: Any) -> None:
    assert (await client.put("/v1/streams/demo-live/focus", json={"product_id": "HD-101"},
                             headers=auth("host"))).status_code == 200


async def test_posting_the_same_batch_again_returns_the_first_results(loaded, redis) -> None:
    await _focus(loaded)
    first = (await _post(loaded, BATCH)).json()["results"]
    asks = await redis.xlen(ask_stream("demo-live"))
    again = await _post(loaded, BATCH)  # within every cooldown: a fresh answer would be all skips

    assert again.status_code == 200 and again.json()["results"] == first
    assert first[0]["action"] == "reply" and first[0]["reply"].startswith("@小美 @Jo ")
    assert await redis.xlen(ask_stream("demo-live")) == asks  # demand is not counted twice


async def test_a_retry_mixing_answered_and_new_comments(loaded) -> None:
    await _focus(loaded)
    first = (await _post(loaded, BATCH)).json()["results"]
    new = {"id": "r4", "user_id": "u4", "user_name": "阿May", "text": "灰色M码还有吗"}
    mixed = (await _post(loaded, {"comments": [BATCH["comments"][2], new, BATCH["comments"][0]]})).json()["results"]

    assert mixed[0] == first[2] and mixed[2] == first[0]
    assert (mixed[1]["comment_id"], mixed[1]["action"], mixed[1]["colour"], mixed[1]["size"]) == \
        ("r4", "reply", "grey", "M")


async def test_concurrent_retries_agree_on_one_answer(loaded) -> None:
    await _focus(loaded)
    answers = await asyncio.gather(*(_post(loaded, BATCH) for _ in range(4)))
    results = [a.json()["results"] for a in answers]
    assert all(r == results[0] for r in results)
    assert [r["action"] for r in results[0]] == ["reply", "skip", "skip"]


async def test_an_id_repeated_inside_one_batch_is_answered_once(loaded) -> None:
    await _focus(loaded)
    twice = {"comments": [BATCH["comments"][0], BATCH["comments"][1], BATCH["comments"][0]]}
    results = (await _post(loaded, twice)).json()["results"]
    assert results[0] == results[2] and results[0]["action"] == "reply"


async def test_an_id_reused_for_another_comment_is_refused_whole(loaded, redis) -> None:
    await _focus(loaded)
    await _post(loaded, BATCH)
    asks = await redis.xlen(ask_stream("demo-live"))
    reused = {"comments": [{"id": "r9", "user_id": "u9", "text": "灰色M码还有吗"},
                           {"id": "r1", "user_id": "u1", "text": "白色S码还有吗"}]}
    refused = await _post(loaded, reused)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "idempotency_conflict" and "r1" in refused.json()["error"]["message"]
    assert await redis.xlen(ask_stream("demo-live")) == asks  # nothing of the batch was answered or counted
    same_id_twice = {"comments": [{"id": "r8", "user_id": "u8", "text": "a"}, {"id": "r8", "user_id": "u8", "text": "b"}]}
    assert (await _post(loaded, same_id_twice)).status_code == 409


async def test_results_are_kept_under_the_streams_hash_tag_for_the_retention_window(loaded, app, redis) -> None:
    await _focus(loaded)
    await _post(loaded, BATCH)
    keys = sorted([k.decode() async for k in redis.scan_iter(match="sa:comments:*")])
    assert keys == [f"sa:comments:{{demo-live}}:result:r{n}" for n in (1, 2, 3)]
    retention_ms = app.state.settings.comment_result_retention_s * 1000
    ttls = [await redis.pttl(k) for k in keys]
    assert all(0 < ttl <= retention_ms for ttl in ttls), ttls
    await redis.delete(*keys)  # the window has passed: the comment is answered afresh (now within cooldown)
    again = (await _post(loaded, BATCH)).json()["results"]
    assert again[0]["action"] == "skip" and again[0]["reason"] == "viewer_cooldown"
