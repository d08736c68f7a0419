"""Deterministic, network-free chat model behind ``STOCK_ASSISTANT_LLM=offline``.

It is a real LangChain chat model, so the same ``create_agent`` graph runs whether the
"LLM" is this rule engine or ``ChatOpenAI``. All behaviour lives in a *planner*
supplied by a domain (comments, ops): the planner sees the conversation and the bound
tool schemas and returns the next ``AIMessage``; either one with ``tool_calls`` (first
turn) or a final one with text content (after the ``ToolMessage``s arrive).

Planners may leave tool-call ids empty; the model fills them in as ``call_0``,
``call_1``... counting every tool call already in the conversation, so ids are
deterministic and unique within a thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, SkipValidation


class Planner(Protocol):
    """Decides the next assistant message from the conversation and the bound tools.

    ``tools`` are OpenAI-format schemas (``{"type": "function", "function": {...}}``),
    exactly what an OpenAI model would be sent.
    """

    def __call__(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage: ...


class OfflineChatModel(BaseChatModel):
    """A chat model whose replies come from a deterministic :class:`Planner`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    # SkipValidation: a Protocol cannot be isinstance-checked by pydantic.
    planner: SkipValidation[Planner]

    @property
    def _llm_type(self) -> str:
        return "offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"planner": type(self.planner).__name__}

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        # Same shape as ChatOpenAI.bind_tools: the schemas travel as a `tools` kwarg
        # into _generate, so the planner sees what a remote model would see.
        schemas = [convert_to_openai_tool(tool) for tool in tools]
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=schemas, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._plan(messages, kwargs.get("tools") or [])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        # Planners are pure CPU-cheap functions; no executor hop needed.
        return self._plan(messages, kwargs.get("tools") or [])

    def _plan(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> ChatResult:
        reply = self.planner(list(messages), list(tools))
        if not isinstance(reply, AIMessage):
            raise TypeError(f"planner must return an AIMessage, got {type(reply).__name__}")
        reply = _with_deterministic_tool_call_ids(reply, _count_tool_calls(messages))
        return ChatResult(generations=[ChatGeneration(message=reply)])


def _count_tool_calls(messages: Sequence[BaseMessage]) -> int:
    return sum(len(m.tool_calls) for m in messages if isinstance(m, AIMessage))


def _with_deterministic_tool_call_ids(reply: AIMessage, first_index: int) -> AIMessage:
    if not reply.tool_calls or all(call.get("id") for call in reply.tool_calls):
        return reply
    calls = [
        {**call, "id": call.get("id") or f"call_{first_index + offset}"}
        for offset, call in enumerate(reply.tool_calls)
    ]
    return reply.model_copy(update={"tool_calls": calls})
