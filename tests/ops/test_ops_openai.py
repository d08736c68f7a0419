"""The ops agent on the real ChatOpenAI client (from build_chat_model) against the scripted OpenAI server."""

from __future__ import annotations

import json

import httpx

from assistant.config import Settings
from assistant.main import create_app
from tests.conftest import auth
from tests.ops import openai_support
from tests.ops.openai_support import tool_contents
from tests.ops.ops_support import SECOND_OPS_KEY, TWO_OPS_KEYS, as_ops
from tests.ops.scenario import play
from tests.support.openai_server import ScriptedOpenAIServer

llm_server, settings = openai_support.llm_server, openai_support.settings  # the fixtures of this module


async def test_multi_step_tool_conversation_cites_tool_figures(loaded, clock, llm_server) -> None:
    await play(loaded, clock)

    def answer_from_tools(request: dict) -> str:
        stock, sales = tool_contents(request)
        row = stock["variants"][0]
        return f"黑色L还可售 **{row['sellable']}** 件；最近 30 分钟卖出 **{sales['units_sold']}** 件。"

    llm_server.enqueue(
        [{"name": "stock_of", "arguments": {"product": "连帽卫衣", "colour": "黑色", "size": "L"}}],
        [{"name": "sales_summary", "arguments": {"product": "HD-101", "colour": "black", "size": "L",
                                                  "window_minutes": 30}}],
        answer_from_tools,
    )
    response = await loaded.post("/v1/ops/ask", json={"question": "连帽卫衣黑色L还剩多少，最近卖得怎么样"},
                                 headers=as_ops())
    body = response.json()
    assert response.status_code == 200, body
    assert body["answer"] == "黑色L还可售 **100** 件；最近 30 分钟卖出 **9** 件。"
    assert [c["name"] for c in body["tool_calls"]] == ["stock_of", "sales_summary"]
    first = llm_server.requests[0]
    assert first["messages"][0]["role"] == "system" and "figure" in first["messages"][0]["content"]
    assert "demo-live" in first["messages"][1]["content"]
    tools = {t["function"]["name"]: t["function"]["parameters"] for t in first["tools"]}
    assert {"stock_of", "propose_restock", "session_report"} <= set(tools)
    for schema in tools.values():  # identity never travels as a model argument
        assert not {"user", "role", "stream_id", "runtime"} & set(schema.get("properties", {}))


async def test_write_proposal_waits_for_the_same_user(loaded, llm_server) -> None:
    llm_server.enqueue(
        [{"name": "propose_restock", "arguments": {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"}}],
        lambda request: "已生成补货提议，令牌 " + tool_contents(request)[0]["proposal"]["token"],
    )
    before = (await loaded.get("/v1/skus/HD-101-GRY-M", headers=auth("ops"))).json()
    body = (await loaded.post("/v1/ops/ask", json={"question": "把灰色M补货50件"}, headers=as_ops())).json()
    token = body["proposals"][0]["token"]
    assert token in body["answer"]
    assert (await loaded.get("/v1/skus/HD-101-GRY-M", headers=auth("ops"))).json() == before

    refused = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops(SECOND_OPS_KEY))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_your_proposal"
    assert (await loaded.get("/v1/skus/HD-101-GRY-M", headers=auth("ops"))).json() == before

    confirmed = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert confirmed.status_code == 200
    after = (await loaded.get("/v1/skus/HD-101-GRY-M", headers=auth("ops"))).json()
    assert after["sellable"] == before["sellable"] + 50


async def test_conversation_memory_reaches_the_second_request(loaded, llm_server) -> None:
    llm_server.enqueue([{"name": "stock_of", "arguments": {"product": "LP-501"}}], "口红一共可售 **327** 件。",
                       "刚才说的是丝绒雾面口红。")
    first = (await loaded.post("/v1/ops/ask", json={"question": "口红还剩多少"}, headers=as_ops())).json()
    second = (await loaded.post("/v1/ops/ask", json={"question": "刚才说的是哪个商品？",
                                                      "conversation_id": first["conversation_id"]},
                                headers=as_ops())).json()
    assert second["answer"] == "刚才说的是丝绒雾面口红。"
    messages = llm_server.requests[-1]["messages"]
    assert {"role": "user", "content": "口红还剩多少"} in messages
    assert {"role": "assistant", "content": "口红一共可售 **327** 件。"} in messages
    assert messages[-1] == {"role": "user", "content": "刚才说的是哪个商品？"}
    stolen = await loaded.post("/v1/ops/ask", json={"question": "继续", "conversation_id": first["conversation_id"]},
                               headers=as_ops(SECOND_OPS_KEY))
    assert stolen.status_code == 403 and stolen.json()["error"]["code"] == "not_your_conversation"


async def test_streamed_answer_arrives_in_pieces(loaded, llm_server) -> None:
    llm_server.enqueue([{"name": "low_stock", "arguments": {}}], "There are a few variants running low right now.")
    async with loaded.stream("POST", "/v1/ops/ask/stream", json={"question": "what's low?"}, headers=as_ops()) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in [x async for x in r.aiter_lines()] if line.startswith("data: ")]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "tool_call" and kinds[1] == "tool_result" and kinds[-1] == "answer"
    assert kinds.count("token") > 2
    assert "".join(e["text"] for e in events if e["type"] == "token") == events[-1]["answer"]


async def test_a_slow_model_hits_the_time_budget(redis, redis_server, tmp_path, clock) -> None:
    from tests.support.openai_server import Delay

    with ScriptedOpenAIServer(Delay(30, then="too late")) as server:
        settings = Settings(redis_url=redis_server.url, data_dir=tmp_path / "d", api_keys=TWO_OPS_KEYS, llm="openai",
                            openai_base_url=server.base_url, openai_api_key="test", llm_timeout_seconds=0.5,
                            llm_max_retries=0)
        app = create_app(settings, clock=clock)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                body = (await client.post("/v1/ops/ask", json={"question": "hi"}, headers=as_ops())).json()
    assert body["timed_out"] is True and "**" not in body["answer"]
