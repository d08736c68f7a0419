"""A scripted tool-calling chat model for unit tests.

It is the production ``OfflineChatModel`` driven by a planner that replays canned
replies, so tests cover the same ``bind_tools`` / tool-call-id path the offline
engine uses, and can inspect what the model was shown on each turn.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from langchain_core.messages import AIMessage, BaseMessage

from assistant.agent.offline import OfflineChatModel

# "text" -> final answer; [{"name": ..., "args": {...}}] -> tool calls (ids filled in
# by the model as call_0, call_1...); an AIMessage is used as is.
ScriptedReply: TypeAlias = str | list[dict[str, Any]] | AIMessage


@dataclass
class ModelTurn:
    messages: list[BaseMessage]
    tools: list[dict[str, Any]]

    @property
    def tool_names(self) -> list[str]:
        return [schema["function"]["name"] for schema in self.tools]


@dataclass
class ScriptedPlanner:
    replies: deque[ScriptedReply]
    turns: list[ModelTurn] = field(default_factory=list)

    def __call__(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
        self.turns.append(ModelTurn(messages=list(messages), tools=list(tools)))
        if not self.replies:
            raise AssertionError(f"scripted model called {len(self.turns)} times; script is exhausted")
        return _as_message(self.replies.popleft())


def scripted_chat_model(*replies: ScriptedReply) -> tuple[OfflineChatModel, ScriptedPlanner]:
    """Return the model and its planner (``planner.turns`` records every call)."""
    planner = ScriptedPlanner(replies=deque(replies))
    return OfflineChatModel(planner=planner), planner


def _as_message(reply: ScriptedReply) -> AIMessage:
    if isinstance(reply, AIMessage):
        return reply
    if isinstance(reply, str):
        return AIMessage(content=reply)
    calls = [
        {"name": c["name"], "args": c.get("args", {}), "id": c.get("id"), "type": "tool_call"} for c in reply
    ]
    return AIMessage(content="", tool_calls=calls)
