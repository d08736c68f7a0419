"""Height and weight in size questions: "165 110斤", "170cm 65kg", "160/95斤", "5'4 120lbs", "一米六五"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.vocab.text import parse_number

_CN = "一二两三四五六七八九十百"
_JIN_PER_KG = 2.0
_KG_PER_LB = 0.4536
_CM_PER_INCH = 2.54

_HEIGHT_CM = re.compile(r"(?<![\d.])(1[3-9]\d|2[01]\d)(?:\.\d)?\s?(?:cm|厘米|公分)")
_HEIGHT_M = re.compile(r"(?<![\d.])1[.米]([3-9]\d?)(?![\d.])\s?(?:m(?![a-z])|米)?")
_HEIGHT_CN = re.compile(r"一米([一二三四五六七八九])([一二三四五六七八九])?")
_HEIGHT_FEET = re.compile(r"(?<!\d)([4-6])\s?(?:'|’|ft|feet|foot)\s?(\d{1,2})?\s?(?:\"|”|''|in(?:ch(?:es)?)?)?")
_WEIGHT_UNIT = re.compile(
    rf"(?<![\d.])(\d{{2,3}}(?:\.\d)?|[{_CN}]{{2,5}})\s?(斤|kg|kgs|公斤|千克|kilos?|lbs?|pounds?)(?![a-z])"
)
# "165 110", "160/95", "身高165体重100": a height then a bare second number.
_PAIR = re.compile(r"(?<![\d.])(1[3-9]\d)\s?(?:cm|厘米)?\s?[/,，、 ]\s?(?:体重\s?)?(\d{2,3}(?:\.\d)?)(?![\d.])(?!\s?(?:码|号))")
_HEIGHT_WORD = re.compile(r"(?:身高|个子|我|i'?m|i am|height)\s?(1[3-9]\d)(?![\d.])(?!\s?(?:斤|kg|公斤|码|号))")
_WEIGHT_WORD = re.compile(r"(?:体重|重|weigh|weight)\s?(\d{2,3}(?:\.\d)?)(?![\d.])(?!\s?(?:cm|厘米))")


@dataclass(frozen=True, slots=True)
class Measurements:
    height_cm: float | None
    weight_kg: float | None
    spans: tuple[tuple[int, int], ...]  # where they were written, so the numbers are not read as sizes


def _bare_weight_kg(value: float) -> float:
    # Chinese viewers give bare weights in 斤 ("体重110"); a value a person weighs in kg stays kg.
    return value / _JIN_PER_KG if value > 90 else value


def _unit_weight_kg(value: float, unit: str) -> float:
    if unit == "斤":
        return value / _JIN_PER_KG
    if unit.startswith(("lb", "pound")):
        return round(value * _KG_PER_LB, 1)
    return value


Found = tuple[float, tuple[int, int]]


def _height(text: str) -> Found | None:
    if m := _HEIGHT_CM.search(text):
        return float(m.group(1)), m.span()
    if m := _HEIGHT_M.search(text):
        digits = m.group(1)
        return 100 + float(digits if len(digits) == 2 else digits + "0"), m.span()
    if m := _HEIGHT_CN.search(text):
        ones = parse_number(m.group(2)) if m.group(2) else 0
        return float(100 + 10 * (parse_number(m.group(1)) or 0) + (ones or 0)), m.span()
    if (m := _HEIGHT_FEET.search(text)) and re.search(r"'|’|ft|feet|foot", m.group()):
        inches = 12 * int(m.group(1)) + int(m.group(2) or 0)
        return round(inches * _CM_PER_INCH, 1), m.span()
    return None


def _weight(text: str) -> Found | None:
    if m := _WEIGHT_UNIT.search(text):
        value = float(m.group(1)) if m.group(1)[0].isdigit() else parse_number(m.group(1))
        if value:
            return _unit_weight_kg(float(value), m.group(2)), m.span()
    return None


_HINT = re.compile(r"\d|米|斤")
_NOTHING = Measurements(None, None, ())


def find_measurements(text: str) -> Measurements:
    if not _HINT.search(text):
        return _NOTHING
    height, weight = _height(text), _weight(text)
    spans = [found[1] for found in (height, weight) if found]
    if (height is None or weight is None) and (m := _PAIR.search(text)):
        height = height or (float(m.group(1)), m.span(1))
        weight = weight or (_bare_weight_kg(float(m.group(2))), m.span(2))
        spans.append(m.span())
    if height is None and (m := _HEIGHT_WORD.search(text)):
        height = float(m.group(1)), m.span(1)
        spans.append(m.span(1))
    if weight is None and (m := _WEIGHT_WORD.search(text)):
        weight = _bare_weight_kg(float(m.group(1))), m.span(1)
        spans.append(m.span(1))
    return Measurements(height[0] if height else None, weight[0] if weight else None, tuple(spans))
