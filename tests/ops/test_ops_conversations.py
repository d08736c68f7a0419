"""Conversation memory under concurrency: every exchange is kept, and a conversation stays its owner's."""

from __future__ import annotations

import asyncio

import pytest

from assistant.config import Settings
from tests.ops.ops_support import SECOND_OPS_KEY, TWO_OPS_KEYS, as_ops, identity

QUESTIONS = ["连帽卫衣黑色L还剩多少", "口红还剩多少", "哪些快卖完了", "what's sold out on link 3",
             "3号链接还剩多少", "连帽卫衣灰色M还剩多少", "what is running low?", "羽绒服还有多少"]


@pytest.fixture
def settings(redis_server, tmp_path):
    return Settings(redis_url=redis_server.url, data_dir=tmp_path / "data", api_keys=TWO_OPS_KEYS)


async def test_eight_concurrent_asks_on_one_conversation_keep_all_eight_exchanges(loaded, app) -> None:
    conversation = "c-busy-shift"
    answers = await asyncio.gather(*(
        loaded.post("/v1/ops/ask", json={"question": q, "conversation_id": conversation}, headers=as_ops())
        for q in QUESTIONS))
    assert [a.status_code for a in answers] == [200] * 8

    history = await app.state.services.ops.conversations.history(conversation, identity())
    pairs = list(zip(history[::2], history[1::2], strict=True))
    assert sorted(str(q.content) for q, _ in pairs) == sorted(QUESTIONS)
    by_question = {a.json()["answer"]: q for q, a in zip(QUESTIONS, answers, strict=True)}
    assert all(by_question.get(str(a.content)) == str(q.content) for q, a in pairs)  # each answer after its question
    assert [type(m).__name__ for m in history] == ["HumanMessage", "AIMessage"] * 8


async def test_a_conversation_is_claimed_by_the_first_user_even_when_two_start_it_at_once(loaded) -> None:
    conversation = "c-contested"
    mine, theirs = await asyncio.gather(
        loaded.post("/v1/ops/ask", json={"question": "口红还剩多少", "conversation_id": conversation},
                    headers=as_ops()),
        loaded.post("/v1/ops/ask", json={"question": "口红还剩多少", "conversation_id": conversation},
                    headers=as_ops(SECOND_OPS_KEY)))
    assert sorted([mine.status_code, theirs.status_code]) == [200, 403]
    loser = mine if mine.status_code == 403 else theirs
    assert loser.json()["error"]["code"] == "not_your_conversation"


async def test_memory_keeps_the_newest_whole_exchanges(loaded, app) -> None:
    store = app.state.services.ops.conversations
    for n in range(store.keep):  # twice as many exchanges as fit
        await store.append("c-long", "ops:u", f"q{n}", f"a{n}")
    history = await store.history("c-long", "ops:u")
    assert len(history) == store.keep and str(history[0].content) == f"q{store.keep // 2}"
    assert str(history[-1].content) == f"a{store.keep - 1}"
