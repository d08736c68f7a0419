"""Sizes counted in a unit of the shop's own: 20寸, 24英寸, 500度, 30枚装, 2段, 5双装, 24瓶装, 4U, 680XL, 3-6岁.

A label of this shape is a number and the word it is counted in. A viewer writes the number in digits or in
Chinese numerals (cn2an: 二十寸, 五百度, 两百度), the unit as the label has it, by its English words (CC-CEDICT's
glosses of the unit: 寸 inch, 度 degree, 段 stage, 双 pair, 瓶 bottle) or its pinyin, and a count of pieces in any
counting word (30个装 for 30枚装). Age ranges are read the same way, with either end in either numeral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.vocab.english import unit_glosses
from assistant.vocab.text import CN_NUMERAL_CHARS, compile_fast, literal_alternation, parse_number

# A label: a number, a unit word (one or two characters, or Latin letters) and "装" (a pack of them).
_LABEL = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s?(?P<u>[\u4e00-\u9fff]{1,2}?|[a-z]{1,3})(?P<pack>装)?")
_RANGE = r"(?P<a>\d{1,3})\s?(?:[~～到至]|\s)\s?(?P<b>\d{1,3})\s?(?P<u>岁|个月|月龄|月|人)"  # and a tent for 3-4人
_RANGE_LABEL = re.compile(_RANGE)
# A count with the ages it is for: a formula's "2段(6-12月)", "1段 0-6个月". Either names the label.
_WITH_RANGE = re.compile(rf"(?P<head>\d+(?:\.\d+)?\s?[\u4e00-\u9fff]{{1,2}}?)\s?[(（]?{_RANGE}[)）]?")
# Counting words for pieces: any of them counts a pack of eggs, buns or batteries.
COUNTERS = frozenset({"枚", "个", "只", "颗", "粒", "pcs", "pc", "pieces", "piece", "count", "ct"})
# Chinese counting words for how many of a thing ("6支", "两罐", "各一顶"): one set for label pieces, pack counts
# and the counts viewers write beside a variant, so a counter read in one place is read in all.
COUNTING_WORDS = "个只枚颗粒片支条包袋盒瓶罐件套双张份桶箱团节顶把台本副对根卷提"
# A label's unit by another name in Chinese: the inch is 寸 and 英寸 alike.
_SAME_UNIT = {"英寸": "寸", "寸": "寸", "阶段": "段", "段": "段"}
# Latin letters that qualify a model ("680XL" is not 680 of something) and their Chinese names.
SUFFIX_WORDS = {"xl": ("大容量", "高容量", "加大"), "u": ()}
PACK_WORDS = ("pack", "packs", "pk", "装")
_NUM = rf"\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+"


@dataclass(frozen=True, slots=True)
class Counted:
    """A counted label's value and unit ("寸"; "u" of 4U), or a range (low, high) of ages."""

    value: float
    unit: str
    high: float | None = None  # the upper end of a range label
    ages: tuple[float, float] | None = None  # the range a count label also names: 2段(6-12月)

    @property
    def is_range(self) -> bool:
        return self.high is not None


def counted_shape(text: str) -> Counted | None:
    """The count of a normalised label, or None when it is not a number counted in a word."""
    if m := _RANGE_LABEL.fullmatch(text):
        return Counted(float(m["a"]), m["u"], float(m["b"]))
    if (m := _WITH_RANGE.fullmatch(text)) and (head := counted_shape(m["head"])) and not head.is_range:
        return Counted(head.value, head.unit, ages=(float(m["a"]), float(m["b"])))
    m = _LABEL.fullmatch(text)
    if m is None or m["u"] in ("x",):
        return None
    return Counted(float(m["n"]), _SAME_UNIT.get(m["u"], m["u"]))


@cache
def unit_words(unit: str) -> tuple[str, ...]:
    """What a viewer may write for a unit: itself, its other Chinese names, English glosses (plural too), pinyin."""
    words = {unit} | {w for w, same in _SAME_UNIT.items() if same == unit}
    if unit in COUNTERS:
        words |= COUNTERS
    if re.fullmatch(r"[\u4e00-\u9fff]+", unit):
        for gloss in unit_glosses(unit):
            words |= {gloss, gloss + ("es" if gloss.endswith(("ch", "sh", "s", "x")) else "s")}
        from pypinyin import lazy_pinyin  # on first use: its dictionaries cost seconds of start-up

        words.add("".join(lazy_pinyin(unit)))
    words |= set(SUFFIX_WORDS.get(unit, ()))
    if len(unit) == 2 and unit[1] in "套装":  # "5件" of 5件套
        words.add(unit[0])
    return tuple(sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class CountedWord:
    start: int
    end: int
    value: float
    unit: str | None  # the label unit it was written in; None for a pack word ("6 pack") or a bare range
    high: float | None = None


class CountedReader:
    """Counted sizes in a comment, for the units one product's labels use."""

    def __init__(self, units: set[str]) -> None:
        self._unit_of = {word: unit for unit in sorted(units) for word in unit_words(unit)}
        self._unit_of |= dict.fromkeys((w for w in PACK_WORDS if w not in self._unit_of), "")
        words = literal_alternation(self._unit_of)
        english = literal_alternation(w for w in self._unit_of if w.isascii() and len(w) > 2)
        # "20寸", "二十寸", "20 inch", "6个装"; English also puts the word first: "stage 2", "pack of 6".
        self._after = compile_fast(
            # a Chinese numeral may follow Latin letters ("meishi三十颗"), never start inside another ("十颗" of 三十颗)
            rf"(?<![\d.{CN_NUMERAL_CHARS}])(?:(?<![a-z])|(?=[{CN_NUMERAL_CHARS}]))(?P<n>{_NUM})\s?(?P<u>{words})(?P<pack>装)?(?![a-z])"
            rf"|(?<![a-z])(?P<u2>{english}) (?:of )?(?P<n2>\d+)(?![\d.])")
        self._range = compile_fast(rf"(?<![\d.a-z])(?P<a>{_NUM})\s?(?:[~～到至]|\s|\s?-\s?)\s?(?P<b>{_NUM})\s?"
                                   rf"(?P<u>岁|个月|月|人|years? old|years?|yrs?|y)?(?![a-z])")
        self._ranges = any(True for u in units if u in ("岁", "个月", "月龄", "月", "人"))

    def read(self, text: str) -> list[CountedWord]:
        found: list[CountedWord] = []
        if self._ranges:
            for m in self._range.finditer(text):
                low, high = parse_number(m["a"]), parse_number(m["b"])
                # "3 6" alone is no range; "3到6", "3~6", "3 6岁" are
                if low is None or high is None or low >= high or (not m["u"] and not re.search(r"[~～到至]", m.group())):
                    continue
                found.append(CountedWord(m.start(), m.end(), float(low), None, float(high)))
        for m in self._after.finditer(text):
            if any(w.start < m.end() and m.start() < w.end for w in found):
                continue
            said = m.group()
            if text.startswith(said, m.end()) or text[: m.start()].endswith(said):
                continue  # "一段一段地讲", "一双一双": said twice is "bit by bit", not a size
            number, word = (m["n"], m["u"]) if m["n"] else (m["n2"], m["u2"])
            value = float(number) if number[0].isdigit() else parse_number(number)
            if value is None:
                continue
            unit = self._unit_of[word] or None
            found.append(CountedWord(m.start(), m.end(), float(value), unit))
        return found


def same_count(label: Counted, word: CountedWord) -> bool:
    """Whether a counted word names this label exactly."""
    if label.is_range:
        return word.high is not None and (word.value, word.high) == (label.value, label.high)
    if word.high is not None and label.ages:  # "6到12个月的" of 2段(6-12月)
        return (word.value, word.high) == label.ages
    if word.high is not None or word.value != label.value:
        return False
    # "6 pack" names 6枚装 or 6双装, not 6U or 680XL: a pack word counts pieces, not a model's letters.
    return word.unit == label.unit or (word.unit is None and not label.unit.isascii())


def in_count_range(label: Counted, value: float) -> bool:
    """"5岁" of a puzzle sold for 3-6岁: an age inside the label's range."""
    return label.is_range and label.value <= value <= (label.high or 0)
