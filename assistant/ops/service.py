"""The ops assistant: one agent graph (offline engine or LLM), conversations, proposals and confirmations."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langgraph.graph.state import CompiledStateGraph

import prompts
from assistant.agent.graph import build_agent
from assistant.agent.model import build_chat_model
from assistant.agent.offline import OfflineChatModel
from assistant.errors import NotFound
from assistant.ledger.feed import MovementFeed
from assistant.ops.context import OpsContext
from assistant.ops.conversations import ConversationStore, new_conversation_id
from assistant.ops.model_fallback import ModelFallback, answer_pieces
from assistant.ops.movements import scan
from assistant.ops.offline_planner import OpsPlanner
from assistant.ops.proposals import ProposalStore
from assistant.ops.runner import RunOutcome, run_events
from assistant.ops.stock_figures import clock_text
from tools.ops_tools import OPS_TOOLS  # the ops agent is the only place the write tools are bound

if TYPE_CHECKING:
    from assistant.container import Services

_CONFIRM = re.compile(r"^\s*(?:confirm|确认)\s*[:：]?\s*([A-Za-z0-9_-]{8,32})\s*$", re.IGNORECASE)


class OpsService:
    def __init__(self, svc: Services):
        self.svc = svc
        settings = svc.settings
        self.proposals = ProposalStore(svc.redis, svc.clock, settings.ops_proposal_ttl_seconds)
        self.conversations = ConversationStore(svc.redis, max_messages=settings.ops_conversation_max_messages,
                                               ttl_seconds=settings.ops_conversation_ttl_seconds)
        self.planner = OpsPlanner(lambda: svc.catalog.catalog)
        self.model = build_chat_model(settings, self.planner)
        self.tools = OPS_TOOLS

    @cached_property
    def agent(self) -> CompiledStateGraph:
        """Compiled on the first question, not at start: a typed confirmation needs none, and langchain's agent
        factory costs seconds of a terminal `ask`'s start-up."""
        return build_agent(self.model, self.tools, prompts.render("ops/system.j2"), context_schema=OpsContext)

    @cached_property
    def fallback(self) -> ModelFallback | None:
        """A model's answer is checked, and when it fails or its answer is refused the offline engine answers."""
        if isinstance(self.model, OfflineChatModel):
            return None
        offline = build_agent(OfflineChatModel(planner=self.planner), self.tools, prompts.render("ops/system.j2"),
                              context_schema=OpsContext)
        return ModelFallback(self.planner, offline, self.svc.settings.llm_timeout_seconds)

    async def resolve_stream(self, requested: str | None) -> str:
        """The asked-for live room; else the only one; else the one with the newest tagged movement."""
        known = await self.svc.streams.known_streams()
        if requested:
            if requested not in known:
                raise NotFound(f"stream {requested} is not known", code="unknown_stream")
            return requested
        if len(known) <= 1:
            return known[0] if known else ""
        recent = await scan(MovementFeed.of(self.svc.ledger), since_ms=self.svc.clock() - 6 * 3600_000, cap=5000)
        return next((m.stream for m in reversed(recent) if m.stream in known), known[-1])

    async def ask_events(self, question: str, *, user: str, role: str, conversation_id: str | None = None,
                         stream_id: str | None = None) -> AsyncIterator[dict[str, Any]]:
        """Events of one question; the last one is {"type": "answer", "answer", "conversation_id", ...}."""
        stream = await self.resolve_stream(stream_id)
        conversation_id = conversation_id or new_conversation_id()
        history = await self.conversations.history(conversation_id, user)
        outcome = RunOutcome()
        typed_confirm = _CONFIRM.match(question)
        if typed_confirm:  # a person confirming: handled here, never by the model
            result = await self.proposals.confirm(typed_confirm.group(1), user, self.svc.ledger)
            outcome.answer = _confirmed_text(result, question)
        else:
            context = OpsContext(stream_id=stream, user=user, role=role, services=self.svc)
            messages = [self._situation(stream), *history, HumanMessage(question)]
            async for event in run_events(self.agent, messages, context, self.svc.settings.llm_timeout_seconds,
                                          outcome):
                yield event
            if self.fallback is not None:
                async for event in self.fallback.check(messages, context, outcome):
                    yield event
            if not outcome.answer:
                outcome.answer = _no_answer(question, outcome)
        # Redis full: the answer (built from reads) still goes out, saying the exchange was not remembered
        with self.svc.lost.unless_full("conversation turns") as memory:
            await self.conversations.append(conversation_id, user, question, outcome.answer)
        for piece in answer_pieces(outcome.answer):
            yield {"type": "token", "text": piece}
        yield {"type": "answer", "answer": outcome.answer, "conversation_id": conversation_id, "stream_id": stream,
               "tool_calls": outcome.tool_calls, "proposals": outcome.proposals, "timed_out": outcome.timed_out,
               "fallback": outcome.fallback, "model_problem": outcome.problem, "remembered": memory.kept}

    async def ask(self, question: str, **kwargs: Any) -> dict[str, Any]:
        final: dict[str, Any] = {}
        async for event in self.ask_events(question, **kwargs):
            final = event
        final.pop("type", None)
        return final

    async def confirm(self, token: str, user: str) -> dict[str, Any]:
        return await self.proposals.confirm(token, user, self.svc.ledger)

    def _situation(self, stream_id: str) -> BaseMessage:
        now = clock_text(self.svc.clock(), self.svc.settings.ops_utc_offset_minutes)
        return SystemMessage(prompts.render("ops/situation.j2", stream_id=stream_id, now=now))


def _zh(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _confirmed_text(result: dict[str, Any], question: str) -> str:
    again = result.get("already_confirmed")
    if _zh(question):
        return f"{'这个提议之前已经确认过，没有重复执行' if again else '已确认并生效'}：{result['summary']}。"
    return f"{'Already confirmed earlier, not applied twice' if again else 'Confirmed and applied'}: {result['summary']}."


def _no_answer(question: str, outcome: RunOutcome) -> str:
    ran = ", ".join(c["name"] for c in outcome.tool_calls) or ("无" if _zh(question) else "none")
    if _zh(question):
        return f"这次没能在时限内给出回答（已调用的工具：{ran}）。请再问一次或换个问法。"
    return f"I could not finish an answer in time (tools already called: {ran}). Please ask again or rephrase."
