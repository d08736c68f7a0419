"""Counts chat model calls for /metrics, as a LangChain callback on the one model the factory builds."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from langchain_core.callbacks import AsyncCallbackHandler

from assistant.infra import metrics


class LlmCallMetrics(AsyncCallbackHandler):
    def __init__(self, backend: str):
        self.backend = backend
        self._started: dict[UUID, float] = {}

    async def on_chat_model_start(self, serialized: Any, messages: Any, *, run_id: UUID, **_: Any) -> None:
        self._started[run_id] = time.perf_counter()

    async def on_llm_end(self, response: Any, *, run_id: UUID, **_: Any) -> None:
        self._finish(run_id, "ok")

    async def on_llm_error(self, error: BaseException, *, run_id: UUID, **_: Any) -> None:
        self._finish(run_id, "timeout" if "timeout" in type(error).__name__.lower() else "error")

    def _finish(self, run_id: UUID, outcome: str) -> None:
        started = self._started.pop(run_id, None)
        metrics.LLM_CALLS.labels(self.backend, outcome).inc()
        if started is not None:
            metrics.LLM_SECONDS.labels(self.backend).observe(time.perf_counter() - started)
