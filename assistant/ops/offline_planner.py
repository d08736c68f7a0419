"""The offline engine: a planner for OfflineChatModel that answers the common ops questions (zh + en).

First turn: read the question (assistant.ops.question) and emit tool calls, or say plainly that it cannot
answer. Second turn: write the answer from the tool results only (assistant.ops.answers). It never
states a figure that did not come from a tool.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.catalog.models import Catalog
from assistant.ops.answers import compose, fixed_answer
from assistant.ops.intents import ACTION_INTENTS
from assistant.ops.question import Question, read_question
from assistant.ops.resolve import catalog_index

Call = tuple[str, dict[str, Any]]
_ACTION_TOOLS = {"restock": ("propose_restock", "qty"), "count_correction": ("propose_count_correction", "stock"),
                 "safety_stock": ("propose_safety_stock", "value"), "buyer_limit": ("propose_buyer_limit", "value"),
                 "flash_cap": ("propose_flash_cap", "value")}


class OpsPlanner:
    def __init__(self, catalog: Callable[[], Catalog]):
        self.catalog = catalog

    def __call__(self, messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
        asked_at = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        question = read_question(str(messages[asked_at].text), self.catalog())
        if not question.has_target and not question.sku and (question.colour or question.size):
            _carry_over_target(question, messages[:asked_at], self.catalog())
        turn = messages[asked_at + 1:]
        if not any(isinstance(m, ToolMessage) for m in turn):
            return self._first_turn(question, {t["function"]["name"] for t in tools})
        calls = {c["id"]: c for m in turn if isinstance(m, AIMessage) for c in m.tool_calls}
        results = []
        for message in turn:
            if isinstance(message, ToolMessage):
                call = calls.get(message.tool_call_id, {"name": message.name or "", "args": {}})
                results.append((call["name"], call["args"], _parse(message.text)))
        return AIMessage(content=compose(question, results, self.catalog()))

    def _first_turn(self, question: Question, available: set[str]) -> AIMessage:
        planned = plan(question, self.catalog())
        if isinstance(planned, str):
            return AIMessage(content=planned)
        if not planned or any(name not in available for name, _ in planned):
            return AIMessage(content=fixed_answer("unknown", question))
        return AIMessage(content="", tool_calls=[{"name": n, "args": a, "id": None, "type": "tool_call"}
                                                 for n, a in planned])


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {"error": {"code": "tool_failed", "message": text[:200]}}
    return data if isinstance(data, dict) else {"error": {"code": "tool_failed", "message": text[:200]}}


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
    index = catalog_index(catalog)

    def offers(product: Any) -> bool:
        colour = index.colour_label(product, question.colour) if question.colour else None
        size = index.size_label(product, question.size) if question.size else None
        return any((not question.colour or v.colour == colour) and (not question.size or v.size == size)
                   for v in product.variants) and (colour or not question.colour) and (size or not question.size)

    offering = [p.id for p in catalog.products if offers(p)]
    if len(offering) == 1:
        question.products = offering


def _targets(q: Question, catalog: Catalog) -> list[dict[str, Any]]:
    """One argument set per product the question names, with colour/size in the product's own labels."""
    if q.sku:
        return [{"product": q.sku}]
    if q.link is not None:
        return [{"link": q.link, **({"colour": q.colour} if q.colour else {}), **({"size": q.size} if q.size else {})}]
    index = catalog_index(catalog)
    fitting, all_targets = [], []
    for pid in q.products:
        product = catalog.product(pid)
        colour = index.colour_label(product, q.colour) if q.colour else None  # type: ignore[arg-type]
        size = index.size_label(product, q.size) if q.size else None  # type: ignore[arg-type]
        args = {"product": pid, **({"colour": colour or q.colour} if q.colour else {}),
                **({"size": size or q.size} if q.size else {})}
        all_targets.append(args)
        variants = [v for v in product.variants  # type: ignore[union-attr]
                    if (not q.colour or v.colour == colour) and (not q.size or v.size == size)]
        if variants:
            fitting.append(args)
    return fitting or all_targets


def _window(q: Question) -> dict[str, Any]:
    return {"window_minutes": q.window_minutes} if q.window_minutes is not None else {}


def plan(q: Question, catalog: Catalog) -> list[Call] | str:
    """The tool calls that answer the question, or a text answer when something is missing or unclear."""
    targets = _targets(q, catalog)
    intent = q.intent
    if intent in ("low", "sold_out") and targets and not q.listing:
        intent = "stock"  # "黑色L卖完了吗" asks about one variant, not for a list
    if intent is None:
        return fixed_answer("unknown", q)
    if intent in ACTION_INTENTS:
        return _plan_action(q, intent, targets, catalog)
    if intent == "stock":
        return [("stock_of", t) for t in targets] if targets else fixed_answer("clarify", q, missing="product")
    if intent in ("low", "sold_out"):
        scopes = [{k: v for k, v in t.items() if k in ("product", "link")} for t in targets]
        return [("low_stock", s) for s in scopes] or [("low_stock", {})]
    if intent == "sales":
        return [("sales_summary", {**_window(q), **t}) for t in targets] or [("sales_summary", _window(q))]
    if intent == "best_sellers":
        extra = {**({"limit": q.limit} if q.limit else {}), **({"by_variant": True} if q.by_variant else {})}
        return [("best_sellers", {**_window(q), **extra})]
    if intent == "forecast":
        return [("sellout_forecast", {**t, **_window(q)}) for t in targets] or [("sellout_forecast", _window(q))]
    if intent == "demand":
        return [("demand_signals", {**_window(q), **({"flagged_only": True} if q.flagged_only else {})})]
    if intent == "alerts":
        return [("open_alerts", {})]
    if intent == "incoming":
        return [("incoming_stock", t) for t in targets] or [("incoming_stock", {})]
    if intent == "history":
        return [("order_history", t) for t in targets] if targets else fixed_answer("clarify", q, missing="product")
    if intent == "report":
        return [("session_report", {})]
    return fixed_answer("unknown", q)


def _plan_action(q: Question, intent: str, targets: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    tool, amount = _ACTION_TOOLS[intent]
    if q.quantity is None:
        return fixed_answer("clarify", q, missing="quantity")
    if not targets:
        return fixed_answer("clarify", q, missing="product")
    if len(targets) > 1:
        names = [catalog.product(t["product"]) for t in targets]
        options = ", ".join(f"{p.id} {p.display_name_zh if q.lang == 'zh' else p.display_name_en}" for p in names if p)
        return fixed_answer("clarify", q, missing="one_product", word=q.raw, options=options)
    return [(tool, {amount: q.quantity, **targets[0]})]
