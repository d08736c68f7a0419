"""Runs one ops question through the agent graph and reports what happens as events, as it happens.

Events: {"type": "tool_call", "name", "args"} when the model asks for a tool (with "refused" when the call was
malformed or named no tool, and so never ran), {"type": "tool_result", "name", "ok"} when it answered. The
answer text is not streamed from here: the service checks it whole first (assistant/ops/answer_guard.py).
Prior messages (conversation memory) go in ahead of the question.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langgraph.errors import GraphRecursionError
from langgraph.graph.state import CompiledStateGraph

from assistant.agent.failure import ModelFailure
from assistant.infra import metrics

MODEL_NODE = "model"


@dataclass
class RunOutcome:
    answer: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[str] = field(default_factory=list)  # this turn's tool answers, verbatim
    transcript: list[BaseMessage] = field(default_factory=list)  # the whole state after the latest step
    timed_out: bool = False
    failure: ModelFailure | None = None  # the model could not be asked (error or time-out)
    fallback: str | None = None  # "offline" when the offline engine wrote the answer instead of the model
    problem: dict[str, str] | None = None  # why: {"code", "message"}


def _tool_payload(message: ToolMessage) -> dict[str, Any]:
    try:
        data = json.loads(str(message.text))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def run_events(agent: CompiledStateGraph, messages: list[BaseMessage], context: Any,
                     time_budget_s: float, outcome: RunOutcome) -> AsyncIterator[dict[str, Any]]:
    """Yields events; fills ``outcome`` (answer empty and ``failure`` set when the model failed or ran out of
    time)."""
    try:
        async with asyncio.timeout(time_budget_s):
            stream = agent.astream({"messages": messages}, context=context, stream_mode=["updates", "values"])
            chunk: Any  # a list of stream modes yields (mode, chunk) pairs; each mode's chunk has its own shape
            async for mode, chunk in stream:
                if mode == "values":
                    outcome.transcript = list(chunk["messages"])
                    continue
                for event in _events(chunk, outcome):
                    yield event
    except TimeoutError:
        metrics.LLM_TIMEOUTS.labels("ops_stream").inc()
        outcome.timed_out, outcome.answer = True, ""
        outcome.failure = ModelFailure("timeout", f"no answer within the {time_budget_s:g} s budget")
    except ModelFailure as failure:
        outcome.answer = ""
        outcome.failure = failure
        outcome.timed_out = failure.kind == "timeout"
    except GraphRecursionError:
        outcome.answer = ""
        outcome.failure = ModelFailure("error", "the model kept calling tools without answering")


def _events(chunk: Any, outcome: RunOutcome) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for node, update in (chunk or {}).items():
        for message in (update or {}).get("messages", []):
            if isinstance(message, AIMessage) and node == MODEL_NODE:
                events += _calls(message, outcome)
                if not message.tool_calls and not message.invalid_tool_calls:
                    outcome.answer = str(message.text)
            elif isinstance(message, ToolMessage):
                payload = _tool_payload(message)
                outcome.tool_results.append(str(message.text))
                if "proposal" in payload:
                    outcome.proposals.append(payload["proposal"])
                event: dict[str, Any] = {"type": "tool_result", "name": message.name, "ok": "error" not in payload}
                if node != "tools":  # refused by the agent's middleware: the tool never ran
                    event["refused"] = (payload.get("error") or {}).get("code", "refused")
                events.append(event)
    return events


def _calls(message: AIMessage, outcome: RunOutcome) -> list[dict[str, Any]]:
    events = []
    for call in message.tool_calls:
        outcome.tool_calls.append({"name": call["name"], "args": call["args"]})
        events.append({"type": "tool_call", "name": call["name"], "args": call["args"]})
    for bad in message.invalid_tool_calls:  # JSON that did not parse: shown as received, never run
        name = bad.get("name") or ""
        outcome.tool_calls.append({"name": name, "args": {}, "refused": "malformed_arguments"})
        events.append({"type": "tool_call", "name": name, "args": {}, "refused": "malformed_arguments",
                       "received": str(bad.get("args") or "")[:200]})
    return events
