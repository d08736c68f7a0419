"""Text normalisation shared by every reader of shop words: comments, catalog labels, ops questions.

Traditional characters become simplified through OpenCC (its t2s tables, not a hand-kept list), so a
traditional spelling of a catalog label or alias ("香檳金") meets the label the shop wrote ("香槟金").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
# Japanese shinjitai forms that OpenCC's t2s leaves alone but viewers' IMEs produce ("黒色").
_JAPANESE_FORMS = str.maketrans({"黒": "黑", "緑": "绿", "売": "卖", "価": "价", "円": "圆", "気": "气", "様": "样"})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Zero-width characters, variation selectors and the keycap mark ("9️⃣" is 9, U+FE0F, U+20E3) hide in
# emoji-decorated comments; without them a keycap digit is a plain digit.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufe0e\ufe0f\u20e3]")
# Hyphens and underscores join English words the same way spaces do ("t-shirt", "off-white").
_SPACES = re.compile(r"[\s\-_]+")
# "黑涩" is a common slip of the pinyin keyboard for "黑色".
_COLOUR_TYPO = re.compile(r"(?<=[黑白灰红蓝兰绿粉紫黄橙棕咖杏驼])涩")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    text: str  # lower case, simplified, half-width, single spaces
    traditional: bool
    has_cjk: bool


_DIGIT_BY_DIGIT = re.compile(r"(?<![十百千万点])(?=[零〇一二三四五六七八九]*[零〇])[零〇一二三四五六七八九]{3,4}(?![十百千万点])")
_DIGIT_OF = str.maketrans("零〇一二三四五六七八九", "00123456789")


def normalise(raw: str) -> NormalisedText:
    # NFKC folds full-width letters and digits ("ＸＬ", "３号") and unit signs ("㎝").
    folded = unicodedata.normalize("NFKC", raw)
    simplified = _simplified(folded) if _CJK.search(folded) else folded
    traditional = simplified != folded
    text = simplified.translate(_JAPANESE_FORMS).lower()
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if "涩" in text:
        text = _COLOUR_TYPO.sub("色", text)
    if "零" in text or "〇" in text:  # a code said digit by digit: "一零一" is 101, "三零六" 306 (never "一百零一")
        text = _DIGIT_BY_DIGIT.sub(lambda m: m.group().translate(_DIGIT_OF), text)
    return NormalisedText(text=text, traditional=traditional, has_cjk=bool(_CJK.search(text)))


@lru_cache(maxsize=65536)  # a busy room repeats its words; OpenCC costs a few µs per call
def _simplified(text: str) -> str:
    return _T2S.convert(text)


def to_traditional(text: str) -> str:
    """A reply in the traditional characters its asker wrote in."""
    return _S2T.convert(text)


def normalise_term(term: str) -> str:
    """Normalise a catalog word (alias, colour label) the way comment text is normalised."""
    return normalise(term).text


CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百"


@lru_cache(maxsize=4096)
def parse_number(token: str) -> int | None:
    """'12' -> 12, '十二' -> 12, '二十' -> 20, '一百一十' -> 110, '一百五' -> 150; None when not a number."""
    if token.isdigit():
        return int(token)
    if (thousands := re.fullmatch(r"(\d+(?:\.\d+)?)([千万])", token)) is not None:  # "3万" of a power bank's 30000mAh
        return round(float(thousands[1]) * (1000 if thousands[2] == "千" else 10000))
    if not token or any(ch not in CN_NUMERAL_CHARS and ch not in "千万" for ch in token):
        return None
    import cn2an  # ~1 s of import, for the numerals only

    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def parse_figure(token: str) -> float | None:
    """A figure with decimals too: '0.8' -> 0.8, '零点八' -> 0.8, '二点五' -> 2.5, '十二' -> 12.0."""
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    whole, point, decimals = token.partition("点")
    if not point:
        number = parse_number(token)
        return None if number is None else float(number)
    parsed, digits = parse_number(whole), [parse_number(d) for d in decimals]
    if parsed is None or not digits or None in digits:
        return None
    return float(f"{parsed}." + "".join(map(str, digits)))


@lru_cache(maxsize=4096)
def arabic(text: str) -> str:
    """Chinese numerals in a short text as digits ("二十寸" -> "20寸", "两百度" -> "200度"), by cn2an."""
    if not re.search(f"[{CN_NUMERAL_CHARS}]", text):
        return text
    import cn2an  # ~1 s of import: only once a text has a numeral

    try:
        return str(cn2an.transform(text, "cn2an"))
    except (ValueError, KeyError, IndexError):
        return text


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


def compile_fast(pattern: str) -> re.Pattern[str]:
    """re.compile, led by a look-ahead for the characters a match can start with.

    re skips ahead quickly only when every alternative starts with a plain character; a
    lookbehind or optional group in one of them makes it try the whole pattern at every
    position. The look-ahead restores the quick skip and roughly halves a scan.
    """
    first, nullable = _first_chars(re._parser.parse(pattern).data)  # type: ignore[attr-defined]
    if first is None or nullable or not first:
        return re.compile(pattern)
    chars = "".join(re.escape(ch) for ch in sorted(first))
    return re.compile(f"(?=[{chars}])(?:{pattern})")


_C = re._constants  # type: ignore[attr-defined]
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_CATEGORY_CHARS = {_C.CATEGORY_DIGIT: "0123456789", _C.CATEGORY_SPACE: " \t\n\r\f\v"}


def _first_chars(items: list) -> tuple[set[str] | None, bool]:
    """Characters a parsed pattern can start with (None: any) and whether it can match empty."""
    found: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _C.LITERAL:
            return found | {chr(arg)}, False
        if op is _C.IN:
            chars = _class_chars(arg)
            return (None if chars is None else found | chars), False
        if op is _C.SUBPATTERN or op in _REPEATS:
            sub, at_least_once = (arg[-1], True) if op is _C.SUBPATTERN else (arg[2], arg[0] > 0)
            chars, nullable = _first_chars(sub.data if hasattr(sub, "data") else sub)
        elif op is _C.BRANCH:
            results = [_first_chars(alt.data if hasattr(alt, "data") else alt) for alt in arg[1]]
            if any(chars is None for chars, _ in results):
                return None, False
            chars = set().union(*(chars for chars, _ in results if chars))
            nullable, at_least_once = any(n for _, n in results), True
        else:
            return None, False
        if chars is None:
            return None, False
        found |= chars
        if at_least_once and not nullable:
            return found, False
    return found, True


def _class_chars(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is _C.LITERAL:
            chars.add(chr(arg))
        elif op is _C.RANGE and arg[1] - arg[0] < 256:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        elif op is _C.CATEGORY and arg in _CATEGORY_CHARS:
            chars.update(_CATEGORY_CHARS[arg])
        else:
            return None
    return chars
