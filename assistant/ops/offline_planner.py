"""The offline engine: a planner for OfflineChatModel that answers the common ops questions (zh + en).

First turn: read the message into its questions (assistant.ops.parts) and emit their tool calls, or say
plainly what it cannot answer. Second turn: plan again (deterministic), give each question its results in
call order and write the answers from those results only (assistant.ops.answers). It never states a
figure that did not come from a tool.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.catalog.models import Catalog
from assistant.ops.answers import compose, fixed_answer
from assistant.ops.intents import ACTION_INTENTS
from assistant.ops.parts import read_parts
from assistant.ops.plans import Call, plan
from assistant.ops.question import Question, read_question
from assistant.vocab import colour_of, size_of


class OpsPlanner:
    def __init__(self, catalog: Callable[[], Catalog]):
        self.catalog = catalog

    def __call__(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
        asked_at = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        catalog = self.catalog()
        parts = read_parts(str(messages[asked_at].text), catalog)
        earlier = messages[:asked_at]
        for question in parts:
            _carry_over(question, earlier, catalog)
        planned = [plan(q, catalog) for q in parts]
        turn = messages[asked_at + 1:]
        if not any(isinstance(m, ToolMessage) for m in turn):
            return self._first_turn(parts, planned, {t["function"]["name"] for t in tools})
        calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
        results: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        for message in turn:
            if isinstance(message, ToolMessage):
                call = calls.get(message.tool_call_id)
                name, args = (call["name"], call["args"]) if call else (message.name or "", {})
                results.append((name, args, _parse(message.text)))
        texts, at = [], 0
        for question, part_plan in zip(parts, planned, strict=True):
            if isinstance(part_plan, str):
                texts.append(part_plan)
                continue
            texts.append(compose(question, results[at:at + len(part_plan)], catalog))
            at += len(part_plan)
        return AIMessage(content="\n\n".join(t for t in texts if t))

    def _first_turn(self, parts: list[Question], planned: list[list[Call] | str], available: set[str]) -> AIMessage:
        calls = [c for p in planned if not isinstance(p, str) for c in p]
        if not calls:
            return AIMessage(content="\n\n".join(p for p in planned if isinstance(p, str)))
        if any(name not in available for name, _ in calls):
            return AIMessage(content=fixed_answer("unknown", parts[0], catalog=self.catalog()))
        return AIMessage(content="", tool_calls=[{"name": n, "args": a, "id": None, "type": "tool_call"}
                                                 for n, a in calls])


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {"error": {"code": "tool_failed", "message": text[:200]}}
    return data if isinstance(data, dict) else {"error": {"code": "tool_failed", "message": text[:200]}}


def _carry_over(question: Question, earlier: list[BaseMessage], catalog: Catalog) -> None:
    if question.correction and not question.has_target and not question.sku:
        _carry_correction(question, earlier, catalog)
    elif not question.has_target and not question.sku and (question.colour or question.size):
        _carry_over_target(question, earlier, catalog)


def _carry_correction(question: Question, earlier: list[BaseMessage], catalog: Catalog) -> None:
    """"改成30" after a proposal: the same action on the same variant, with the new figure."""
    last: Question | None = None
    for at, message in enumerate(earlier):
        if isinstance(message, HumanMessage):
            before = read_question(str(message.text), catalog)
            if not before.correction and not before.has_target and not before.sku and (before.colour or before.size):
                _carry_over_target(before, earlier[:at], catalog)  # "白色L补30件" named its product that way
            if before.correction and last is not None and not before.has_target:
                before.intent = before.intent if before.intent in ACTION_INTENTS else last.intent
                before.products, before.link, before.sku = last.products, last.link, last.sku
                before.colour, before.size = last.colour, last.size
            if before.intent in ACTION_INTENTS and (before.has_target or before.sku):
                last = before
    if last is None:
        return
    question.intent = question.intent if question.intent in ACTION_INTENTS else last.intent
    question.products, question.link, question.sku = last.products, last.link, last.sku
    question.colour, question.size = last.colour, last.size
    question.mods.clearing = False


def _carry_over_target(question: Question, earlier: list[BaseMessage], catalog: Catalog) -> None:
    """A follow-up ("那灰色M呢?") keeps the product of the latest earlier question that named one; with no
    history, colour + size that only one product offers name that product ("把灰色M补货50件")."""
    for message in reversed(earlier):
        if isinstance(message, HumanMessage):
            before = read_question(str(message.text), catalog)
            if before.has_target:
                question.products, question.link = before.products, before.link
                question.intent = question.intent or before.intent
                return
    def offers(product: Any) -> bool:
        colour = colour_of(product, question.colour) if question.colour else None
        size = size_of(product, question.size) if question.size else None
        return any((not question.colour or v.colour == colour) and (not question.size or v.size == size)
                   for v in product.variants) and bool(colour or not question.colour) and bool(size or not question.size)

    offering = [p.id for p in catalog.products if offers(p)]
    if len(offering) == 1:
        question.products = offering
