"""When the model fails or its answer cannot be shown, the offline engine answers instead, and says so.

A model answer is refused when it states a figure no tool returned or claims a change nobody confirmed
(assistant/ops/answer_guard.py). A failed model call (5xx, a body that is not JSON, a time-out) leaves no
answer at all. Either way:

* tools already ran this turn: the offline engine writes the answer from those very results (no tool runs
  twice, no second proposal is made);
* nothing ran: the offline engine answers the question itself, its tool calls streamed like the model's;
* the offline engine fails too: 502 ``model_unavailable`` / 504 ``model_timeout`` in the contract's error shape.

The answer event then carries ``"fallback": "offline"`` and ``"model_problem": {"code", "message"}``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.graph.state import CompiledStateGraph

from assistant.errors import ModelTimeout, ModelUnavailable
from assistant.ops.answer_guard import check_ops_answer
from assistant.ops.offline_planner import OpsPlanner
from assistant.ops.runner import RunOutcome, run_events

log = logging.getLogger(__name__)
_PIECE = re.compile(r".{1,16}", re.S)


def answer_pieces(answer: str) -> list[str]:
    """The checked answer as token events, in pieces a page can show as they come."""
    return _PIECE.findall(answer)


def _ran_ok(tool_results: list[str]) -> bool:
    for raw in tool_results:
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        if isinstance(data, dict) and "error" not in data:
            return True
    return False


class ModelFallback:
    def __init__(self, planner: OpsPlanner, offline_agent: CompiledStateGraph, time_budget_s: float):
        self.planner = planner
        self.offline_agent = offline_agent
        self.time_budget_s = time_budget_s

    async def check(self, messages: list[BaseMessage], context: Any, outcome: RunOutcome
                    ) -> AsyncIterator[dict[str, Any]]:
        """Leaves ``outcome`` with an answer that may be shown; yields the fallback's own tool events."""
        problem = self._problem(messages, outcome)
        if problem is None:
            return
        code, message = problem
        log.warning("ops model answer replaced by the offline engine (%s): %s", code, message)
        outcome.fallback, outcome.problem = "offline", {"code": code, "message": message}
        if _ran_ok(outcome.tool_results):
            outcome.answer = str(self.planner(_this_turn(outcome.transcript or messages), []).text)
            return
        fresh = RunOutcome()
        async for event in run_events(self.offline_agent, messages, context, self.time_budget_s, fresh):
            yield event
        if fresh.failure is not None or not fresh.answer:
            failure = ModelTimeout if outcome.timed_out else ModelUnavailable
            raise failure(f"the language model failed ({message}) and the offline engine could not answer either")
        outcome.answer = fresh.answer
        outcome.tool_calls += fresh.tool_calls
        outcome.proposals += fresh.proposals

    @staticmethod
    def _problem(messages: list[BaseMessage], outcome: RunOutcome) -> tuple[str, str] | None:
        if outcome.failure is not None:
            code = "model_timeout" if outcome.failure.kind == "timeout" else "model_unavailable"
            return code, str(outcome.failure)
        if not outcome.answer.strip():
            return "model_unavailable", "the model gave no answer"
        context = [str(m.text) for m in messages]
        return check_ops_answer(outcome.answer, tool_results=outcome.tool_results, context=context)


def _this_turn(transcript: list[BaseMessage]) -> list[BaseMessage]:
    """The question and this turn's tool calls and results, as the offline planner reads them."""
    asked_at = max(i for i, m in enumerate(transcript) if isinstance(m, HumanMessage))
    turn = [m for m in transcript[asked_at + 1:] if isinstance(m, AIMessage | ToolMessage)]
    return [*transcript[:asked_at + 1], *(m for m in turn if not isinstance(m, AIMessage) or m.tool_calls)]
