"""The ask routes (JSON and streamed), stream selection, conversation ownership and the console page."""

from __future__ import annotations

import json

import pytest

from assistant.config import Settings
from tests.ops.ops_support import SECOND_OPS_KEY, TWO_OPS_KEYS, as_ops


@pytest.fixture
def settings(redis_server, tmp_path):
    return Settings(redis_url=redis_server.url, data_dir=tmp_path / "data", api_keys=TWO_OPS_KEYS)


async def test_stream_endpoint_sends_tool_calls_then_the_answer(loaded) -> None:
    async with loaded.stream("POST", "/v1/ops/ask/stream", json={"question": "what's sold out on link 3"},
                             headers=as_ops()) as response:
        assert response.status_code == 200
        raw = "".join([chunk async for chunk in response.aiter_text()])
    events = [(block.split("\n")[0][7:], json.loads(block.split("\n")[1][6:])) for block in raw.strip().split("\n\n")]
    assert [kind for kind, _ in events][0] == "tool_call" and events[-1][0] == "answer"
    assert events[0][1] == {"type": "tool_call", "name": "low_stock", "args": {"link": 3}}
    assert "white XS" in events[-1][1]["answer"] and events[-1][1]["stream_id"] == "demo-live"


async def test_link_numbers_follow_the_chosen_stream(loaded) -> None:
    lineup = {"items": [{"link_no": 3, "product_id": "LP-501"}]}
    assert (await loaded.put("/v1/streams/other-room/lineup", json=lineup, headers=as_ops())).status_code == 200
    mine = await loaded.post("/v1/ops/ask", json={"question": "3号链接还剩多少", "stream_id": "other-room"},
                             headers=as_ops())
    assert mine.json()["stream_id"] == "other-room" and "丝绒雾面口红" in mine.json()["answer"]
    demo = await loaded.post("/v1/ops/ask", json={"question": "3号链接还剩多少", "stream_id": "demo-live"},
                             headers=as_ops())
    assert "法式碎花连衣裙" in demo.json()["answer"]
    unknown = await loaded.post("/v1/ops/ask", json={"question": "x", "stream_id": "nope"}, headers=as_ops())
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_stream"


async def test_conversations_belong_to_their_user_and_follow_ups_keep_the_product(loaded) -> None:
    first = (await loaded.post("/v1/ops/ask", json={"question": "连帽卫衣黑色L还剩多少"}, headers=as_ops())).json()
    follow = await loaded.post("/v1/ops/ask", json={"question": "那灰色M呢", "conversation_id": first["conversation_id"]},
                               headers=as_ops())
    assert follow.json()["tool_calls"] == [{"name": "stock_of",
                                            "args": {"product": "HD-101", "colour": "grey", "size": "M"}}]
    other = await loaded.post("/v1/ops/ask", json={"question": "x", "conversation_id": first["conversation_id"]},
                              headers=as_ops(SECOND_OPS_KEY))
    assert other.status_code == 403
    streamed = await loaded.post("/v1/ops/ask/stream", json={"question": "x", "conversation_id": first["conversation_id"]},
                                 headers=as_ops(SECOND_OPS_KEY))
    assert streamed.status_code == 403 and streamed.json()["error"]["code"] == "not_your_conversation"


async def test_console_page_is_a_public_shell(client) -> None:
    page = await client.get("/ops")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/v1/ops/ask/stream" in page.text and "#key=" not in page.text.split("<script>")[0]
    schema = (await client.get("/openapi.json")).json()
    assert "/ops" not in schema["paths"] and "/v1/streams/{stream_id}/report.html" not in schema["paths"]
    assert {"/v1/ops/ask", "/v1/ops/ask/stream", "/v1/ops/confirm", "/v1/streams/{stream_id}/report"} <= set(schema["paths"])
