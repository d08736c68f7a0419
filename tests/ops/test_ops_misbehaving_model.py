"""The ops assistant when the model misbehaves the way real ones do: no 5xx, no invented figure shown, nothing
applied, never a stream cut short. The real ChatOpenAI client talks to the scripted server on 127.0.0.1."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from assistant.agent.graph import build_agent
from assistant.agent.offline import OfflineChatModel
from assistant.ops.context import OpsContext
from tests.conftest import auth
from tests.ops import openai_support
from tests.ops.ops_support import as_ops
from tests.support.openai_server import Delay, ErrorReply, RawReply

llm_server, settings = openai_support.llm_server, openai_support.settings  # the fixtures of this module
QUESTION = "连帽卫衣黑色L还剩多少"
SKU = "HD-101-BLK-L"


async def _sellable(client: httpx.AsyncClient, sku: str = SKU) -> int:
    return (await client.get(f"/v1/skus/{sku}", headers=auth("ops"))).json()["sellable"]


async def _streamed(client: httpx.AsyncClient, question: str) -> list[tuple[str, dict[str, Any]]]:
    async with client.stream("POST", "/v1/ops/ask/stream", json={"question": question}, headers=as_ops()) as r:
        assert r.status_code == 200
        raw = "".join([chunk async for chunk in r.aiter_text()])
    blocks = [b.split("\n") for b in raw.strip().split("\n\n")]
    return [(lines[0].removeprefix("event: "), json.loads(lines[1].removeprefix("data: "))) for lines in blocks]


@pytest.mark.parametrize("broken", [ErrorReply(500, "upstream overloaded"), RawReply(),
                                    RawReply("not json at all", 200, "application/json"),
                                    RawReply('{"id": "x", "choices": []}', 200, "application/json")],
                         ids=["http-500", "html-page", "not-json", "no-choices"])
async def test_a_failing_model_is_answered_by_the_offline_engine(loaded, llm_server, broken) -> None:
    llm_server.enqueue(broken)
    response = await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())
    body = response.json()
    assert response.status_code == 200, body
    assert body["fallback"] == "offline" and body["model_problem"]["code"] == "model_unavailable"
    assert f"**{await _sellable(loaded)}**" in body["answer"]  # the real figure, from the ledger
    assert [c["name"] for c in body["tool_calls"]] == ["stock_of"]


async def test_a_failing_model_on_the_stream_still_ends_with_the_answer(loaded, llm_server) -> None:
    llm_server.enqueue(ErrorReply(500))
    events = await _streamed(loaded, QUESTION)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "answer" and "error" not in kinds
    answer = events[-1][1]
    assert answer["fallback"] == "offline" and "".join(e["text"] for k, e in events if k == "token") == answer["answer"]


async def test_when_the_fallback_fails_too_the_answer_is_a_502_and_the_stream_an_error_event(
        loaded, app, llm_server) -> None:
    def broken_planner(messages: Any, tools: Any) -> Any:
        raise RuntimeError("offline engine broken for this test")

    ops = app.state.services.ops
    ops.fallback.offline_agent = build_agent(OfflineChatModel(planner=broken_planner), ops.tools, "s",
                                             context_schema=OpsContext)
    llm_server.enqueue(ErrorReply(500), ErrorReply(503))
    response = await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())
    assert response.status_code == 502 and response.json()["error"]["code"] == "model_unavailable"
    events = await _streamed(loaded, QUESTION)
    assert events[-1][0] == "error" and events[-1][1]["error"]["code"] == "model_unavailable"
    assert events[-1][1]["status"] == 502


async def test_a_model_slower_than_the_budget_gets_the_offline_answer(loaded, app, llm_server) -> None:
    svc = app.state.services
    svc.settings = svc.settings.model_copy(update={"llm_timeout_seconds": 0.5})  # the budget of one ask
    llm_server.enqueue(Delay(60, then="太晚了"))
    body = (await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())).json()
    assert body["timed_out"] is True and body["model_problem"]["code"] == "model_timeout"
    assert body["fallback"] == "offline" and f"**{await _sellable(loaded)}**" in body["answer"]
    assert "太晚了" not in body["answer"]


async def test_an_invented_figure_is_never_shown(loaded, llm_server) -> None:
    llm_server.enqueue([{"name": "stock_of", "arguments": {"product": "HD-101", "colour": "black", "size": "L"}}],
                       "黑色L还有 **999** 件，放心下单。")
    body = (await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())).json()
    assert "999" not in body["answer"] and f"**{await _sellable(loaded)}**" in body["answer"]
    assert body["model_problem"]["code"] == "unsupported_figure" and "999" in body["model_problem"]["message"]
    assert len(llm_server.requests) == 2 and len(body["tool_calls"]) == 1  # written from the same result


async def test_an_invented_figure_in_chinese_numerals_is_never_shown(loaded, llm_server) -> None:
    llm_server.enqueue([{"name": "stock_of", "arguments": {"product": "HD-101", "colour": "black", "size": "L"}}],
                       "黑色L还有九百九十九件。")
    body = (await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())).json()
    assert "九百九十九" not in body["answer"] and body["model_problem"]["code"] == "unsupported_figure"


async def test_a_false_applied_claim_is_replaced_and_nothing_is_applied(loaded, llm_server) -> None:
    before = await _sellable(loaded, "HD-101-GRY-M")
    llm_server.enqueue(
        [{"name": "propose_restock", "arguments": {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"}}],
        "已为您补货 **50** 件，库存已更新。")
    body = (await loaded.post("/v1/ops/ask", json={"question": "把灰色M补货50件"}, headers=as_ops())).json()
    token = body["proposals"][0]["token"]
    assert body["model_problem"]["code"] == "unconfirmed_action"
    assert "已为您补货" not in body["answer"] and "还没有生效" in body["answer"] and token in body["answer"]
    assert await _sellable(loaded, "HD-101-GRY-M") == before  # pending until the same user confirms
    assert len(body["proposals"]) == 1  # the fallback wrote from the model's proposal, it did not make another


async def test_an_honest_proposal_answer_passes(loaded, llm_server) -> None:
    llm_server.enqueue(
        [{"name": "propose_restock", "arguments": {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"}}],
        lambda request: "准备补货 **50** 件，还没有生效：请确认令牌 "
                        + openai_support.tool_contents(request)[0]["proposal"]["token"])
    body = (await loaded.post("/v1/ops/ask", json={"question": "把灰色M补货50件"}, headers=as_ops())).json()
    assert body["fallback"] is None and body["model_problem"] is None
    assert body["answer"].startswith("准备补货 **50** 件")


async def test_malformed_tool_arguments_are_refused_back_to_the_model_not_repaired(loaded, llm_server) -> None:
    truncated = '{"product": "HD-101", "colour": "black", "size": '  # a streamed call cut short
    llm_server.enqueue([{"name": "stock_of", "arguments": truncated}],
                       [{"name": "stock_of", "arguments": {"product": "HD-101", "colour": "black", "size": "L"}}],
                       lambda request: f"黑色L可售 **{openai_support.tool_contents(request)[-1]['variants'][0]['sellable']}** 件。")
    body = (await loaded.post("/v1/ops/ask", json={"question": QUESTION}, headers=as_ops())).json()
    refusal = openai_support.tool_contents(llm_server.requests[1])[0]
    assert refusal["error"]["code"] == "malformed_arguments" and truncated in refusal["error"]["message"]
    assert body["tool_calls"][0] == {"name": "stock_of", "args": {}, "refused": "malformed_arguments"}
    ran = [c["args"] for c in body["tool_calls"] if "refused" not in c]
    assert ran == [{"product": "HD-101", "colour": "black", "size": "L"}]  # never the size-less "repair"
    assert body["answer"] == f"黑色L可售 **{await _sellable(loaded)}** 件。" and body["fallback"] is None


async def test_a_call_to_a_tool_that_does_not_exist_is_refused_back_to_the_model(loaded, llm_server) -> None:
    llm_server.enqueue([{"name": "apply_restock", "arguments": {"sku": "HD-101-GRY-M", "qty": 50}}],
                       "I can only propose restocks; nothing was changed.")
    before = await _sellable(loaded, "HD-101-GRY-M")
    events = await _streamed(loaded, "restock grey M by 50 now")
    refusal = openai_support.tool_contents(llm_server.requests[1])[0]
    assert refusal["error"]["code"] == "unknown_tool" and "propose_restock" in refusal["error"]["message"]
    results = [e for kind, e in events if kind == "tool_result"]
    assert results == [{"type": "tool_result", "name": "apply_restock", "ok": False, "refused": "unknown_tool"}]
    assert events[-1][1]["answer"] == "I can only propose restocks; nothing was changed."
    assert await _sellable(loaded, "HD-101-GRY-M") == before
