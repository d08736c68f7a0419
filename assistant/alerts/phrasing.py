"""What the host reads: variant labels, lines from the jinja2 templates, and the honesty guard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import prompts
from assistant.catalog.models import Product
from assistant.vocab.colour_words import COLOUR_WORDS

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SCARCITY = re.compile(
    r"只剩|就剩|最后|快没了|不多了|手慢无|抢完|\blast\b|\bonly\b|selling fast|almost gone|few left|hurry", re.I
)
# Claims, not predictions: "约6分钟售罄" (sells out in about 6 min) is a forecast the velocity backs.
SOLD_OUT_CLAIM = re.compile(r"已售罄|已经卖完|卖光了|没货了|\bsold out\b|out of stock", re.I)
SCARCE_LEVELS = {"low", "critical"}
DEFAULT_SCARCITY_MAX = 30
_CLAUSE = re.compile(r"[；;。！!？?\n→—,，]")


def colour_zh(colour: str) -> str:
    if _CJK.search(colour):
        return colour
    words = COLOUR_WORDS.get(colour.lower(), ())
    return next((w for w in words if _CJK.search(w) and w.endswith("色")), next(
        (w for w in words if _CJK.search(w)), colour))


def variant_label(product: Product, colour: str | None, size: str | None, language: str) -> str:
    if not colour and not size:
        return product.display_name_zh if language == "zh" else product.display_name_en
    if language == "zh":
        return f"{colour_zh(colour) if colour else ''}{size or ''}"
    return " ".join(part for part in (colour, size) if part)


def _numbers_in(value: Any) -> Iterator[float]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, str):
        yield from (float(n) for n in _NUMBER.findall(value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers_in(item)


def guard_line(line: str, facts: dict[str, Any]) -> bool:
    """True when every number in the line is one of the card's facts and any scarcity or sold-out claim
    is one the ledger shows (scarcity words only at low/critical with few left; "sold out" only with a
    variant at 0)."""
    known = set(_numbers_in(facts))
    if any(float(n) not in known for n in _NUMBER.findall(line)):
        return False
    if SCARCITY.search(line) and not few_left(facts):
        return False
    if SOLD_OUT_CLAIM.search(line):
        # Each clause that says "sold out" must name a variant the facts show at 0.
        zero = [label for v in facts.get("variants") or [] if isinstance(v, dict) and v.get("sellable") == 0
                for label in (v.get("label_zh"), v.get("label_en")) if label]
        for clause in _CLAUSE.split(line):
            if SOLD_OUT_CLAIM.search(clause) and not any(label in clause for label in zero):
                return False
    return True


def few_left(facts: dict[str, Any]) -> bool:
    """Few enough left that "last N" is true: at low/critical and at most scarcity_max_units (164 is not few)."""
    variants = facts.get("variants") or []
    head = variants[0].get("sellable") if variants and isinstance(variants[0], dict) else None
    limit = facts.get("scarcity_max_units", DEFAULT_SCARCITY_MAX)
    return facts.get("level") in SCARCE_LEVELS and isinstance(head, int) and head <= limit



def render_texts(kind: str, context: dict[str, Any]) -> dict[str, str]:
    """One text per language from prompts/cards/<kind>.<lang>.j2."""
    return {lang: " ".join(prompts.render(f"cards/{kind}.{lang}.j2", **context).split()) for lang in ("zh", "en")}


def honest_lines(context: dict[str, Any], facts: dict[str, Any]) -> dict[str, str]:
    """Tries each phrasing from the card's own seed on; a line the guard refuses is never shown."""
    seed = int(context["phrasing"])
    for attempt in range(4):
        lines = render_texts("line", {**context, "phrasing": seed + attempt})
        if all(guard_line(text, facts) for text in lines.values()):
            return lines
    plain = render_texts("line", {**context, "phrasing": -1})  # the template's plainest, figures only
    return {lang: text if guard_line(text, facts) else "" for lang, text in plain.items()}
