"""What the agent loop does when the model misbehaves, the same for every domain.

* A model call that fails (HTTP 5xx, a body that is not JSON, a response of the wrong shape, a time-out,
  a refused connection) raises :class:`ModelFailure`, whatever exception the client library chose, so the
  caller can answer with its fallback or a 502/504 and never with a 500. Tool errors are not model errors:
  they pass through unchanged.
* A tool call the model got wrong is refused back to the model as an error ``ToolMessage`` and the model is
  asked again: arguments that are not a JSON object (never "repaired" into a different call), a tool that
  does not exist. Nothing of such a call runs.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from langchain.agents.middleware import AgentMiddleware, AgentState, ModelRequest, ModelResponse
from langchain_core.messages import AIMessage, ToolMessage
from langgraph.runtime import Runtime

from assistant.agent.failure import ModelFailure


def _is_timeout(error: BaseException) -> bool:
    import openai

    return isinstance(error, openai.APITimeoutError | httpx.TimeoutException | TimeoutError)


def _as_failure(error: Exception) -> ModelFailure:
    return ModelFailure("timeout" if _is_timeout(error) else "error", f"{type(error).__name__}: {str(error)[:200]}")


class ModelFailureBoundary(AgentMiddleware[AgentState[Any], Any]):
    """Turns any exception out of the model call into :class:`ModelFailure` (with the cause chained)."""

    async def awrap_model_call(self, request: ModelRequest[Any],
                               handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]]
                               ) -> ModelResponse[Any]:
        try:
            return await handler(request)
        except ModelFailure:
            raise
        except Exception as error:  # noqa: BLE001 - whatever the client raised, the model failed
            raise _as_failure(error) from error

    def wrap_model_call(self, request: ModelRequest[Any],
                        handler: Callable[[ModelRequest[Any]], ModelResponse[Any]]) -> ModelResponse[Any]:
        try:
            return handler(request)
        except ModelFailure:
            raise
        except Exception as error:  # noqa: BLE001
            raise _as_failure(error) from error


def refusal(code: str, message: str) -> str:
    """The body of a refused tool call: the same {"error": {...}} shape the tools use for their own refusals."""
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


class StrictToolCalls(AgentMiddleware[AgentState[Any], Any]):
    """Refuses malformed or unknown tool calls back to the model instead of running or guessing them."""

    def __init__(self, tool_names: Sequence[str]):
        super().__init__()
        self.tool_names = sorted(tool_names)

    def after_model(self, state: AgentState[Any], runtime: Runtime[Any]) -> dict[str, Any] | None:
        message = state["messages"][-1]
        if not isinstance(message, AIMessage):
            return None
        kept: list[dict[str, Any]] = []
        refused: list[tuple[dict[str, Any], str]] = []
        for broken in message.invalid_tool_calls:  # arguments that did not parse as JSON
            if broken.get("id"):
                name = broken.get("name") or "unknown"
                received = str(broken.get("args") or "")[:160]
                refused.append(({"name": name, "args": {}, "id": broken["id"], "type": "tool_call"}, refusal(
                    "malformed_arguments", f"the arguments of {name} were not valid JSON ({received!r}); nothing "
                    "ran. Call it again with the arguments as one JSON object")))
        for call in message.tool_calls:
            if call["name"] not in self.tool_names:
                refused.append((dict(call), refusal(
                    "unknown_tool", f"there is no tool named {call['name']!r}; nothing ran. The tools are: "
                    + ", ".join(self.tool_names))))
            elif not isinstance(call.get("args"), dict):
                refused.append((dict(call), refusal(
                    "malformed_arguments", f"the arguments of {call['name']} must be one JSON object; nothing ran")))
            else:
                kept.append(dict(call))
        if not refused:
            return None
        # The refused calls stay on the message, each answered by its refusal, so the loop goes back to the
        # model (a message whose calls are all answered), while the kept calls still run.
        fixed = message.model_copy(update={"tool_calls": kept + [call for call, _ in refused],
                                           "invalid_tool_calls": []})
        answers = [ToolMessage(content=text, name=call["name"], tool_call_id=call["id"], status="error")
                   for call, text in refused]
        return {"messages": [fixed, *answers]}

    async def aafter_model(self, state: AgentState[Any], runtime: Runtime[Any]) -> dict[str, Any] | None:
        return self.after_model(state, runtime)
