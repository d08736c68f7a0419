"""Size words in comments and their mapping to a product's own size labels.

Canonical forms: letter sizes "XS" "S" "M" "L" "XL" "2XL" "3XL" ..., numbers "42" / "36.5",
"ONESIZE", and the relative "SMALLEST" / "LARGEST" ("小码" / "大码").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.vocab.text import compile_fast, parse_number

ONE_SIZE = "ONESIZE"
SMALLEST = "SMALLEST"
LARGEST = "LARGEST"
LETTER_ORDER = ("3XS", "2XS", "XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL", "5XL", "6XL")
_ONE_SIZE_WORDS = {"均码", "通码", "均号", "one size", "onesize", "free size", "freesize", "f", "os", "free"}
_WORD_SIZES = {
    "加加大": "2XL", "加大": "XL", "中码": "M", "中号": "M",
    "小码": SMALLEST, "小号": SMALLEST, "最小码": SMALLEST, "最小号": SMALLEST,
    "大码": LARGEST, "大号": LARGEST, "最大码": LARGEST, "最大号": LARGEST, "最大的码": LARGEST, "最大的号": LARGEST,
    "最小的码": SMALLEST, "最小的号": SMALLEST,
    "extra small": "XS", "small": "S", "medium": "M", "large": "L",
    "extra large": "XL", "x large": "XL", "xx large": "2XL", "xxx large": "3XL",
}
_WORD_SIZES.update(dict.fromkeys(_ONE_SIZE_WORDS - {"f", "os", "free"}, ONE_SIZE))
_LETTER = re.compile(r"(?:([2-6])x|(x{1,5}))?([sl])|m")


def canonical_size(label: str) -> str:
    """'XXL' / '2xl' -> '2XL', '42.0' -> '42', '均码' / 'One Size' / 'F' -> 'ONESIZE'."""
    text = label.strip().lower()
    if text in _ONE_SIZE_WORDS:
        return ONE_SIZE
    letter = _LETTER.fullmatch(text)
    if letter:
        digit, xs, base = letter.groups()
        if base is None:
            return "M"
        count = int(digit) if digit else len(xs or "")
        prefix = "" if count == 0 else ("X" if count == 1 else f"{count}X")
        return prefix + base.upper()
    try:
        number = float(text)
    except ValueError:
        return _WORD_SIZES.get(text, label.strip().upper())
    return f"{number:g}"


@dataclass(frozen=True, slots=True)
class SizeMention:
    canonical: str
    start: int
    end: int
    strong: bool  # explicit size wording; a weak one ("43", "small") counts only if the product has it


_SIZE_SUFFIX = r"(?:码|号|size|yards?)"
_SIZE_PATTERN = compile_fast(
    # Words first: "加大码" is XL, not "大码".
    r"(?P<word>加加大|最[大小]的?[码号]|加大|(?<![多加最])[中小大][码号]|均[码号]|通码|one size|free size|freesize|onesize"
    r"|extra small|extra large|xxx large|xx large|x large|small|medium|large)"
    r"|(?<![a-z0-9'’.])(?P<letter>[2-6]x[ls]|x{1,5}[ls]|[sml])(?P<lsuffix>\s?" + _SIZE_SUFFIX + r")?(?![a-z])"
    r"|(?<![\d.#])(?P<cn>[二三四]十[一二三四五六七八九]?)(?=码)"
    r"|(?<![\d.#a-z])(?P<num>\d{2}(?:\.5)?)(?![\d.])(?P<nsuffix>\s?(?:" + _SIZE_SUFFIX + r"|腰|的))?"
)
_NUMBER_CONTEXT = re.compile(r"(?:size|尺码|码数|eu|穿|in|腰围|鞋码)\s?$")
# A bare number followed by these is a quantity, not a size.
_NOT_SIZE_AFTER = re.compile(r"\s?(?:斤|kg|公斤|千克|cm|厘米|公分|岁|元|块|ml|g|w|k|%|分钟|点|天|件|个|号链|lb|pounds?|[:：])")
_STRONG_LETTER_CONTEXT = re.compile(r"(?:size|in|a|an|尺码)\s?$")


def find_sizes(text: str, cjk: bool) -> list[SizeMention]:
    mentions: list[SizeMention] = []
    for m in _SIZE_PATTERN.finditer(text):
        if m.group("word"):
            canonical = _WORD_SIZES.get(m.group("word")) or canonical_size(m.group("word"))
            strong = m.group("word") not in {"small", "medium", "large"}
        elif m.group("letter"):
            canonical = canonical_size(m.group("letter"))
            single = len(m.group("letter")) == 1
            context = bool(m.group("lsuffix")) or bool(_STRONG_LETTER_CONTEXT.search(text, 0, m.start()))
            strong = not single or cjk or context
        elif m.group("cn"):
            canonical, strong = str(parse_number(m.group("cn"))), True
        else:
            if _NOT_SIZE_AFTER.match(text, m.end()):
                continue
            canonical = canonical_size(m.group("num"))
            strong = bool(m.group("nsuffix")) or bool(_NUMBER_CONTEXT.search(text[max(0, m.start() - 6) : m.start()]))
        mentions.append(SizeMention(canonical, m.start(), m.end(), strong))
    return mentions


def _size_rank(canonical: str) -> tuple[int, float]:
    if canonical in LETTER_ORDER:
        return (0, LETTER_ORDER.index(canonical))
    try:
        return (1, float(canonical))
    except ValueError:
        return (2, 0.0)


def display_size(canonical: str) -> str | None:
    """A size to report when no product is known: relative sizes mean nothing without one."""
    if canonical in (SMALLEST, LARGEST):
        return None
    return "one size" if canonical == ONE_SIZE else canonical
