"""Splits one ops message into the questions it asks ("还剩多少，多久卖完"), answered in order.

A clause counts as a question of its own when it has an intent; later clauses without a product keep the
first clause's product, colour and size ("T恤白色M还剩多少，多久卖完" asks both about white M).
"""

from __future__ import annotations

import re

from assistant.catalog.models import Catalog
from assistant.ops.question import Question, read_question

_CLAUSE = re.compile(r"[，,；;？?。!！]+|\s+(?:and|also|plus|then)\s+(?=(?:how|when|what|which|is|are|will|did|do|any)\b)"
                     r"|以及|并且|另外|顺便"
                     # staff type a space where they mean a comma ("白T M还剩几件 卖了多少"); a piece without an
                     # intent ("白T") is joined to the next one again below, so "黑t L 还有几件" stays one question.
                     r"|(?<=[\u4e00-\u9fff\w])\s+(?=[\u4e00-\u9fff])")


# "按最近一小时的速度，…多久卖完": a clause that sets how to answer the next one, not a question of its own.
_PREAMBLE = re.compile(r"^(?:按|照|根据|以)|^(?:at|based on|going by|by) (?:the|this|that|current)")


def read_parts(raw: str, catalog: Catalog) -> list[Question]:
    whole = read_question(raw, catalog)
    pieces = [p for p in _CLAUSE.split(raw) if p and p.strip()]
    if len(pieces) < 2 or whole.correction:
        return [whole]
    parts: list[Question] = []
    pending = ""
    for piece in pieces:
        text = f"{pending} {piece}".strip() if pending else piece
        q = read_question(text, catalog)
        if q.intent is None or q.inferred or _PREAMBLE.match(piece.strip()):
            pending = text
            continue
        pending = ""
        parts.append(q)
    if pending and parts:
        parts[-1] = read_question(f"{parts[-1].raw} {pending}", catalog)
    if len(parts) < 2 or len({(p.intent, tuple(p.products), p.colour, p.size) for p in parts}) < 2:
        return [whole]
    first = parts[0]
    for later in parts[1:]:
        if not later.has_target and not later.sku and first.has_target:
            later.products, later.link, later.sku = first.products, first.link, first.sku
            later.colour, later.size = later.colour or first.colour, later.size or first.size
            later.colours = later.colours or first.colours
    return parts
