"""The one place a chat model is built (``STOCK_ASSISTANT_LLM`` = ``offline`` | ``openai``).

Everything else receives a ``BaseChatModel`` and never looks at the setting, so the
offline rule engine and a remote OpenAI-protocol model drive the same agent graph.
"""

from __future__ import annotations

from typing import Protocol

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from assistant.agent.offline import OfflineChatModel, Planner
from assistant.infra.llm_metrics import LlmCallMetrics


class ModelSettings(Protocol):
    """The slice of ``assistant.config.Settings`` the factory reads.

    Read-only properties so a settings class with narrower types (``Literal`` for
    ``llm``, plain ``str`` for the key) still satisfies the protocol.
    """

    @property
    def llm(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def openai_api_key(self) -> str | SecretStr | None: ...
    @property
    def openai_base_url(self) -> str | None: ...
    @property
    def llm_timeout_seconds(self) -> float: ...
    @property
    def llm_max_retries(self) -> int: ...


def build_chat_model(settings: ModelSettings, planner: Planner | None) -> BaseChatModel:
    """Return the chat model named by ``settings.llm``; ``planner`` only serves ``offline`` (None: this agent has
    no offline planner and runs on a model only)."""
    backend = settings.llm.strip().lower()
    if backend == "offline":
        if planner is None:
            raise ValueError("llm=offline: this agent runs on a model only (llm=openai)")
        return OfflineChatModel(planner=planner, callbacks=[LlmCallMetrics(backend)])
    if backend == "openai":
        from langchain_openai import (
            ChatOpenAI,  # here: importing it (and openai) costs seconds `ask` offline saves
        )

        return ChatOpenAI(
            callbacks=[LlmCallMetrics(backend)],
            model=settings.model,
            api_key=_secret(settings.openai_api_key),
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
            temperature=0,
            # Pin Chat Completions: langchain-openai silently switches some model names
            # to the Responses API, which most OpenAI-compatible servers do not serve.
            use_responses_api=False,
            # Never streamed: every answer is checked whole before any of it is shown, and a streamed tool
            # call's arguments are parsed leniently (truncated JSON is "repaired" into a different call)
            # where a whole response's are parsed strictly and refused when malformed.
            disable_streaming=True,
        )
    raise ValueError(f"unknown LLM backend {settings.llm!r}; expected 'offline' or 'openai'")


def _secret(value: str | SecretStr | None) -> SecretStr | None:
    return SecretStr(value) if isinstance(value, str) else value
