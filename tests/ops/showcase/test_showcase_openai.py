"""The LLM path has the tools for the new kinds: channel/room splits, refusals, oversell check, cold products,
tier and role filters, unmet demand. The real ChatOpenAI client against the scripted OpenAI server; the
tools' figures are checked against the showcase oracle."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TEST_KEYS, auth
from tests.ops import openai_support
from tests.ops.showcase import oracle, scenario
from tests.ops.showcase.stubs import ShowcaseAlerts, ShowcaseDemand

llm_server = openai_support.llm_server  # a fixture of this module


@pytest.fixture
def settings(redis_server, tmp_path, llm_server):
    return openai_support.openai_settings(redis_server, tmp_path, llm_server,
                                          ",".join(f"{r}:{k}" for r, k in TEST_KEYS.items()))


async def test_llm_tools_answer_the_new_kinds_with_oracle_figures(app, client, clock, llm_server) -> None:
    await scenario.play(client, clock)
    svc = app.state.services
    svc.demand, svc.alerts = ShowcaseDemand(), ShowcaseAlerts()
    seen: dict[str, dict] = {}

    def answer(request: dict) -> str:
        calls = [c for m in request["messages"] if m["role"] == "assistant" for c in m.get("tool_calls") or []]
        results = [json.loads(m["content"]) for m in request["messages"] if m["role"] == "tool"]
        for call, result in zip(calls, results, strict=True):
            seen[call["function"]["name"]] = result
        return "ok"

    llm_server.enqueue(
        [{"name": "sales_split", "arguments": {"by": "channel", "channels": ["douyin", "kuaishou"]}},
         {"name": "sales_split", "arguments": {"by": "room"}},
         {"name": "order_refusals", "arguments": {}},
         {"name": "oversell_check", "arguments": {}},
         {"name": "cold_products", "arguments": {}},
         {"name": "low_stock", "arguments": {"tier": "A"}},
         {"name": "demand_signals", "arguments": {"unmet_only": True}}],
        answer,
    )
    response = await client.post("/v1/ops/ask", json={"question": "各渠道和各直播间卖了多少，有没有超卖",
                                                       "stream_id": scenario.MAIN}, headers=auth("ops"))
    assert response.status_code == 200, response.text
    tools = {t["function"]["name"]: t["function"]["parameters"]["properties"] for t in llm_server.requests[0]["tools"]}
    assert {"channel"} <= set(tools["sales_summary"]) and {"tier", "product_role"} <= set(tools["low_stock"])
    assert {"unmet_only", "colour"} <= set(tools["demand_signals"])

    lineup = oracle.lineup()
    channel_split, room_split = [json.loads(m["content"]) for m in llm_server.requests[-1]["messages"]
                                 if m["role"] == "tool"][:2]  # the two sales_split calls, in call order
    by_channel = {r["key"]: r["net"] for r in channel_split["rows"]}
    by_room = {r["key"]: r["net"] for r in room_split["rows"]}
    assert by_channel == {ch: oracle.sales(lineup, room=scenario.MAIN, channel=ch).net for ch in ("douyin", "kuaishou")}
    assert by_room == {room: oracle.sales(oracle.lineup(room), room=room).net for room in (scenario.MAIN, scenario.SECOND)}
    assert seen["order_refusals"]["refused_orders"] == len(oracle.refused(scenario.MAIN))
    assert seen["oversell_check"]["oversold"] == 0
    assert [c["product_id"] for c in seen["cold_products"]["cold"]] == oracle.cold(window=30)
    a_low = [s for s in lineup if oracle.skus()[s].product in oracle.tier("A")]
    assert {r["sku"] for r in seen["low_stock"]["low"]} == {s.sku for s in oracle.rows(a_low, "low")}
    assert {i["product_id"] for i in seen["demand_signals"]["items"]} == {"TS-11", "FL-21"}
