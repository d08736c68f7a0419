"""Runs one ops question through the agent graph and reports what happens as events, as it happens.

Events: {"type": "tool_call", "name", "args"} when the model asks for a tool, {"type": "tool_result",
"name", "ok"} when it answered, {"type": "token", "text"} for answer text as the model streams it, and
finally {"type": "answer", ...}. Prior messages (conversation memory) go in ahead of the question.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage
from langgraph.errors import GraphRecursionError
from langgraph.graph.state import CompiledStateGraph


@dataclass
class RunOutcome:
    answer: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False


def _tool_payload(message: ToolMessage) -> dict[str, Any]:
    try:
        data = json.loads(str(message.text))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def run_events(agent: CompiledStateGraph, messages: list[BaseMessage], context: Any,
                     time_budget_s: float, outcome: RunOutcome) -> AsyncIterator[dict[str, Any]]:
    """Yields events; fills ``outcome`` (answer empty and timed_out set when the budget runs out)."""
    try:
        async with asyncio.timeout(time_budget_s):
            stream = agent.astream({"messages": messages}, context=context, stream_mode=["updates", "messages"])
            async for mode, chunk in stream:
                for event in _events(mode, chunk, outcome):
                    yield event
    except TimeoutError:
        outcome.timed_out, outcome.answer = True, ""
    except GraphRecursionError:
        outcome.answer = ""


def _events(mode: str, chunk: Any, outcome: RunOutcome) -> list[dict[str, Any]]:
    if mode == "messages":
        message, meta = chunk
        streaming = isinstance(message, AIMessageChunk) or (isinstance(message, AIMessage) and not message.tool_calls)
        if streaming and isinstance(message.content, str) and message.content and meta.get("langgraph_node") == "model":
            return [{"type": "token", "text": message.content}]
        return []
    events: list[dict[str, Any]] = []
    for update in (chunk or {}).values():
        for message in (update or {}).get("messages", []):
            if isinstance(message, AIMessage) and message.tool_calls:
                for call in message.tool_calls:
                    outcome.tool_calls.append({"name": call["name"], "args": call["args"]})
                    events.append({"type": "tool_call", "name": call["name"], "args": call["args"]})
            elif isinstance(message, AIMessage):
                outcome.answer = str(message.text)
            elif isinstance(message, ToolMessage):
                payload = _tool_payload(message)
                if "proposal" in payload:
                    outcome.proposals.append(payload["proposal"])
                events.append({"type": "tool_result", "name": message.name, "ok": "error" not in payload})
    return events
