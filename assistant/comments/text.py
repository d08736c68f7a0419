"""Text normalisation shared by the comment lexicons and the parser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.comments.trad_chars import (
    TRADITIONAL_CHARS,
    TRADITIONAL_TO_SIMPLIFIED,
    VARIANT_TO_SIMPLIFIED,
)

_TO_SIMPLIFIED = str.maketrans({**TRADITIONAL_TO_SIMPLIFIED, **VARIANT_TO_SIMPLIFIED})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Zero-width characters and variation selectors hide inside emoji-decorated comments.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufe0e\ufe0f]")
# Hyphens and underscores join English words the same way spaces do ("t-shirt", "off-white").
_SPACES = re.compile(r"[\s\-_]+")
# "黑涩" is a common slip of the pinyin keyboard for "黑色".
_COLOUR_TYPO = re.compile(r"(?<=[黑白灰红蓝兰绿粉紫黄橙棕咖杏驼])涩")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    text: str  # lower case, simplified, half-width, single spaces
    traditional: bool
    has_cjk: bool


def normalise(raw: str) -> NormalisedText:
    # NFKC folds full-width letters and digits ("ＸＬ", "３号") and unit signs ("㎝").
    folded = unicodedata.normalize("NFKC", raw)
    traditional = any(ch in TRADITIONAL_CHARS for ch in folded)
    text = folded.translate(_TO_SIMPLIFIED).lower()
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if "涩" in text:
        text = _COLOUR_TYPO.sub("色", text)
    return NormalisedText(text=text, traditional=traditional, has_cjk=bool(_CJK.search(text)))


def normalise_term(term: str) -> str:
    """Normalise a catalog word (alias, colour label) the way comment text is normalised."""
    return normalise(term).text


def is_ascii_word(term: str) -> bool:
    return term.isascii()


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百"


def parse_number(token: str) -> int | None:
    """'12' -> 12, '十二' -> 12, '二十' -> 20, '一百一十' -> 110; None when not a number."""
    if token.isdigit():
        return int(token)
    total, current = 0, 0
    for ch in token:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current if token else None


def literal_alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words arranged as a trie.

    Python's re tries alternatives one by one; sharing prefixes keeps a scan over a comment
    cheap even with hundreds of catalog words, and longer words are tried before their prefixes.
    """
    trie: dict[str, dict] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) or "(?!)"


def _trie_pattern(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?"
    return body
