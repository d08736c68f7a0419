"""The offline planner for the comment agent (tests only: production builds the comment fallback for a model):
look the description up, then ask which product was meant.

It lets the same agent graph run in tests with no model: one ``find_product`` call
on the viewer's own words, then a clarifying question naming the best candidate when there is a clear one.
It never states stock, so it can never be wrong about it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from prompts import render

_COMMENT = re.compile(r"<viewer_comment>\n?(.*?)\n?</viewer_comment>", re.S)
_LANGUAGE = re.compile(r"language of the comment: (zh|en)")
CLEAR_CANDIDATE = 0.6


def comment_planner(messages: list[BaseMessage], tools: list[dict[str, Any]]) -> AIMessage:
    question = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    text = str(question.text) if question is not None else ""
    found = _LANGUAGE.search(text)
    language = found.group(1) if found else "zh"
    if isinstance(messages[-1], ToolMessage):
        return AIMessage(content=_clarify(str(messages[-1].text), language))
    comment = _COMMENT.search(text)
    call = {"name": "find_product", "args": {"text": comment.group(1) if comment else ""}, "id": None,
            "type": "tool_call"}
    return AIMessage(content="", tool_calls=[call])


def _clarify(tool_result: str, language: str) -> str:
    try:
        candidates = json.loads(tool_result).get("candidates") or []
    except (ValueError, AttributeError):
        candidates = []
    best = candidates[0] if candidates else None
    if best is not None and float(best.get("confidence", 0)) >= CLEAR_CANDIDATE:
        name = best.get("name_zh") if language == "zh" else best.get("name_en")
        return render(f"replies/{language}/clarify_guess.j2", mentions="", name=name).strip()
    return render(f"replies/{language}/clarify.j2", mentions="").splitlines()[0].strip()
