"""The single agent graph shared by the offline engine and OpenAI-protocol models.

Identity comes from the runtime context, never from the model
----------------------------------------------------------------
Who is asking (stream id, user, role) must not be something the model can type into
a tool call: a viewer could talk the model into ``role="host"``. So tools read it from
LangChain 1.x *runtime context*, which the caller passes per run and the model never
sees::

    from langchain.tools import ToolRuntime

    def check_stock(sku: str, runtime: ToolRuntime[CallerContext]) -> str:
        \"\"\"Say how many units of a SKU are left.\"\"\"
        stream_id = runtime.context.stream_id   # trusted, set by the API layer
        ...

    agent = build_agent(model, [check_stock], system_prompt)   # context_schema=CallerContext
    await run_agent(agent, text, thread_id=None, time_budget_s=8,
                    context=CallerContext(stream_id="s1", user="ana", role="viewer"))

Rules for tool authors:

* Take ``runtime: ToolRuntime[...]`` (that exact parameter name and annotation; plain
  functions and ``@tool`` both work). LangChain strips it from the schema sent to the
  model and injects it at call time, overriding any ``runtime`` argument a model sends.
* Never add ``stream_id`` / ``user`` / ``role`` parameters. Extra arguments a model
  invents are dropped by the tool's argument schema, so they cannot reach the code.
* ``runtime.context`` is whatever ``run_agent(context=...)`` received (``None`` if
  nothing was passed), i.e. ``agent.ainvoke(..., context=...)`` in LangGraph terms.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Checkpointer

from assistant.infra import metrics


@dataclass(frozen=True)
class CallerContext:
    """Trusted identity of whoever triggered the run; read by tools via ``runtime.context``."""

    stream_id: str
    user: str
    role: str


@dataclass
class AgentRun:
    """What one agent run produced, in plain data for the API layer and audit logs."""

    answer: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # [{"name", "args"}]
    tool_results: list[str] = field(default_factory=list)
    timed_out: bool = False


def build_agent(
    model: BaseChatModel,
    tools: Sequence[Callable[..., Any] | BaseTool],
    system_prompt: str,
    checkpointer: Checkpointer | None = None,
    *,
    context_schema: type[Any] = CallerContext,
) -> CompiledStateGraph:
    """Compile the tool-calling loop: model -> tools -> model ... -> final answer.

    A failing model call raises ``ModelFailure``; malformed or unknown tool calls are refused back to the
    model (assistant/agent/middleware.py).
    """
    # Imported here, not at the top: langchain's agent factory costs seconds of start-up, and most importers of
    # this module (contexts, the CLI's `ask` before it has a question) only need CallerContext or run_agent.
    from langchain.agents import create_agent

    from assistant.agent.middleware import ModelFailureBoundary, StrictToolCalls

    tools = list(tools)
    names = [t.name if isinstance(t, BaseTool) else getattr(t, "__name__", "") for t in tools]
    return create_agent(
        model,
        tools,
        system_prompt=system_prompt,
        context_schema=context_schema,
        checkpointer=checkpointer,
        middleware=[ModelFailureBoundary(), StrictToolCalls(names)],
    )


async def run_agent(
    agent: CompiledStateGraph,
    question: str,
    *,
    thread_id: str | None,
    time_budget_s: float,
    context: Any = None,  # the agent's context_schema instance (CommentContext, OpsContext ...)
) -> AgentRun:
    """Run one question through ``agent`` within ``time_budget_s`` seconds.

    On timeout the answer is empty and ``timed_out`` is set, but ``tool_calls`` and
    ``tool_results`` still list the tools that already ran: they may have had effects.
    ``thread_id`` is required when the agent was built with a checkpointer.
    """
    config: RunnableConfig = {"configurable": {"thread_id": thread_id}} if thread_id else {}
    latest_messages: list[BaseMessage] = []

    async def drive() -> None:
        # "values" mode hands over the whole state after every step, so a timeout still
        # leaves the most recent transcript behind.
        async for state in agent.astream(
            {"messages": [HumanMessage(content=question)]},
            config,
            context=context,
            stream_mode="values",
        ):
            latest_messages[:] = state["messages"]

    try:
        await asyncio.wait_for(drive(), timeout=time_budget_s)
    except TimeoutError:
        metrics.LLM_TIMEOUTS.labels("agent").inc()
        return _summarise(latest_messages, timed_out=True)
    return _summarise(latest_messages, timed_out=False)


def _summarise(messages: list[BaseMessage], *, timed_out: bool) -> AgentRun:
    this_turn = _messages_since_last_question(messages)
    run = AgentRun(answer="", timed_out=timed_out)
    for message in this_turn:
        if isinstance(message, AIMessage):
            run.tool_calls.extend({"name": c["name"], "args": c["args"]} for c in message.tool_calls)
        elif isinstance(message, ToolMessage):
            run.tool_results.append(str(message.text))
    final = this_turn[-1] if this_turn else None
    if not timed_out and isinstance(final, AIMessage) and not final.tool_calls:
        run.answer = str(final.text)
    return run


def _messages_since_last_question(messages: list[BaseMessage]) -> list[BaseMessage]:
    # With a checkpointer the state holds earlier turns too; only this turn counts.
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return messages[index + 1 :]
    return list(messages)
