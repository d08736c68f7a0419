"""The agent graph against the offline engine, a scripted model and the real OpenAI client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain.tools import ToolRuntime, tool
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from openai import AsyncOpenAI
from pydantic import SecretStr

from assistant.agent.graph import CallerContext, build_agent, run_agent
from assistant.agent.model import build_chat_model
from assistant.agent.offline import OfflineChatModel
from tests.support.openai_server import Delay, ScriptedOpenAIServer
from tests.support.scripted_model import scripted_chat_model

SYSTEM_PROMPT = "You are the stock assistant. Answer only from tool results."
VIEWER = CallerContext(stream_id="live-1", user="ana", role="viewer")


@dataclass
class LlmSettings:
    llm: str = "openai"
    model: str = "scripted-model"
    openai_api_key: str | SecretStr | None = "test-key"
    openai_base_url: str | None = None
    llm_timeout_seconds: float = 5.0
    llm_max_retries: int = 0


class StockTools:
    """Tools that record how they were called; identity only via runtime.context."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def check_stock(self, sku: str, runtime: ToolRuntime[CallerContext]) -> str:
        """Say how many units of a SKU are left on this stream."""
        self.calls.append({"sku": sku, "context": runtime.context})
        return f"{sku}: 3 left"


def no_planner(messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
    raise AssertionError("the openai model must not consult the offline planner")


def sku_planner(messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
    if isinstance(messages[-1], ToolMessage):
        return AIMessage(content=f"Stock check: {messages[-1].text}")
    sku = str(messages[-1].text).split()[-1].rstrip("?")
    return AIMessage(
        content="", tool_calls=[{"name": tools[0]["function"]["name"], "args": {"sku": sku}, "id": None}]
    )


def openai_agent(srv: ScriptedOpenAIServer, tools: StockTools) -> CompiledStateGraph:
    """The production wiring: real ChatOpenAI from the factory, aimed at the scripted server."""
    model = build_chat_model(LlmSettings(openai_base_url=srv.base_url), no_planner)
    return build_agent(model, [tools.check_stock], SYSTEM_PROMPT)


async def test_offline_model_drives_a_tool_call_then_answers() -> None:
    tools = StockTools()
    agent = build_agent(
        build_chat_model(LlmSettings(llm="offline"), sku_planner), [tools.check_stock], SYSTEM_PROMPT
    )

    run = await run_agent(agent, "how many left of A1?", thread_id=None, time_budget_s=5, context=VIEWER)

    assert run.tool_calls == [{"name": "check_stock", "args": {"sku": "A1"}}]
    assert run.tool_results == ["A1: 3 left"]
    assert run.answer == "Stock check: A1: 3 left"
    assert not run.timed_out
    assert tools.calls == [{"sku": "A1", "context": VIEWER}]


async def test_scripted_model_gets_deterministic_ids_and_runs_report_only_their_turn() -> None:
    model, planner = scripted_chat_model(
        [{"name": "check_stock", "args": {"sku": "A1"}}],
        "one",
        [{"name": "check_stock", "args": {"sku": "B2"}}],
        "two",
    )
    agent = build_agent(model, [StockTools().check_stock], SYSTEM_PROMPT, checkpointer=InMemorySaver())

    first = await run_agent(agent, "A1?", thread_id="t", time_budget_s=5, context=VIEWER)
    second = await run_agent(agent, "B2?", thread_id="t", time_budget_s=5, context=VIEWER)

    assert (first.answer, second.answer) == ("one", "two")
    assert second.tool_calls == [{"name": "check_stock", "args": {"sku": "B2"}}]
    ids = [m.tool_call_id for m in planner.turns[-1].messages if isinstance(m, ToolMessage)]
    assert ids == ["call_0", "call_1"]
    assert planner.turns[0].tool_names == ["check_stock"]
    assert planner.turns[0].messages[0].content == SYSTEM_PROMPT


async def test_real_openai_client_runs_a_two_step_tool_conversation() -> None:
    tools = StockTools()
    with ScriptedOpenAIServer(
        [{"name": "check_stock", "arguments": {"sku": "A1"}}], "Only 3 left of A1!"
    ) as srv:
        agent = openai_agent(srv, tools)
        run = await run_agent(
            agent, "is A1 still available?", thread_id=None, time_budget_s=10, context=VIEWER
        )

    assert tools.calls == [{"sku": "A1", "context": VIEWER}]
    assert run.answer == "Only 3 left of A1!"
    assert run.tool_calls == [{"name": "check_stock", "args": {"sku": "A1"}}]
    first, second = srv.requests
    assert first["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert first["messages"][1] == {"role": "user", "content": "is A1 still available?"}
    assert [t["function"]["name"] for t in first["tools"]] == ["check_stock"]
    assert second["messages"][2]["tool_calls"][0]["function"]["name"] == "check_stock"
    assert second["messages"][3] == {"role": "tool", "tool_call_id": "call_1_0", "content": "A1: 3 left"}


async def test_the_scripted_server_speaks_sse_with_tool_call_deltas() -> None:
    """The fake's streaming wire format, through the real client (the factory's model itself never streams)."""
    with ScriptedOpenAIServer(
        "Only three left, hurry!", [{"name": "check_stock", "arguments": {"sku": "A1"}}]
    ) as srv:
        model = ChatOpenAI(model="m", api_key=SecretStr("k"), base_url=srv.base_url, max_retries=0,
                           use_responses_api=False)
        text_chunks = [chunk async for chunk in model.astream("A1?")]
        # Raw callables are fine for create_agent; a direct bind_tools needs a BaseTool so
        # the ToolRuntime parameter is stripped from the schema.
        bound = model.bind_tools([tool(StockTools().check_stock)])
        tool_chunks = [chunk async for chunk in bound.astream("A1?")]

    assert len(text_chunks) > 2
    assert "".join(str(c.content) for c in text_chunks) == "Only three left, hurry!"
    merged: AIMessageChunk = tool_chunks[0]
    for chunk in tool_chunks[1:]:
        merged = merged + chunk
    assert [(c["name"], c["args"]) for c in merged.tool_calls] == [("check_stock", {"sku": "A1"})]
    assert all(request["stream"] is True for request in srv.requests)


async def test_the_agent_asks_for_whole_responses_even_when_its_messages_are_streamed() -> None:
    """Streamed tool-call arguments are parsed leniently (a truncated call is "repaired"); whole ones strictly."""
    tools = StockTools()
    with ScriptedOpenAIServer([{"name": "check_stock", "arguments": {"sku": "A1"}}], "Three left.") as srv:
        agent = openai_agent(srv, tools)
        tokens = [
            message.content
            async for message, _meta in agent.astream(
                {"messages": [HumanMessage("A1?")]}, context=VIEWER, stream_mode="messages"
            )
            if isinstance(message, AIMessageChunk | AIMessage) and message.content
        ]

    assert "".join(map(str, tokens)) == "Three left."
    assert tools.calls == [{"sku": "A1", "context": VIEWER}]
    assert [bool(request.get("stream")) for request in srv.requests] == [False, False]


async def test_a_reply_slower_than_the_budget_times_out() -> None:
    tools = StockTools()
    with ScriptedOpenAIServer(
        [{"name": "check_stock", "arguments": {"sku": "A1"}}], Delay(30, then="too late")
    ) as srv:
        agent = openai_agent(srv, tools)
        run = await run_agent(agent, "A1?", thread_id=None, time_budget_s=0.5, context=VIEWER)

    assert run.timed_out and run.answer == ""  # gave up: the scripted reply would have come after 30 s
    # The tool that already ran is still reported: it may have had side effects.
    assert run.tool_calls == [{"name": "check_stock", "args": {"sku": "A1"}}]


async def test_identity_comes_from_context_and_the_model_cannot_override_it() -> None:
    tools = StockTools()
    forged = {"sku": "A1", "stream_id": "other-stream", "role": "host", "user": "mallory", "runtime": "x"}
    # The final reply is computed from what the client sent back: the tool result.
    echo_tool_result = lambda request: f"echo {request['messages'][-1]['content']}"  # noqa: E731
    with ScriptedOpenAIServer([{"name": "check_stock", "arguments": forged}], echo_tool_result) as srv:
        agent = openai_agent(srv, tools)
        run = await run_agent(agent, "A1?", thread_id=None, time_budget_s=10, context=VIEWER)

    assert run.tool_calls[0]["args"] == forged  # the model did try
    assert run.answer == "echo A1: 3 left"
    assert tools.calls == [{"sku": "A1", "context": VIEWER}]
    parameters = srv.requests[0]["tools"][0]["function"]["parameters"]
    assert set(parameters["properties"]) == {"sku"}


async def test_factory_and_models_endpoint() -> None:
    assert isinstance(build_chat_model(LlmSettings(llm="offline"), sku_planner), OfflineChatModel)
    model = build_chat_model(
        LlmSettings(openai_api_key=SecretStr("k"), openai_base_url="http://127.0.0.1:9/v1"), no_planner
    )
    assert isinstance(model, ChatOpenAI) and model.use_responses_api is False and model.max_retries == 0
    try:
        build_chat_model(LlmSettings(llm="gpt"), no_planner)
    except ValueError as error:
        assert "gpt" in str(error)
    else:
        raise AssertionError("unknown backend accepted")
    with ScriptedOpenAIServer(model="m1") as srv:
        async with AsyncOpenAI(base_url=srv.base_url, api_key="k") as client:
            models = await client.models.list()
    assert [m.id for m in models.data] == ["m1"]
