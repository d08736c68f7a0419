"""Colour words: the built-in lexicon and each product's own colour labels.

Sizes live in sizes.py and link numbers in links.py; they are re-exported here so callers
have one place to import the comment vocabulary from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.catalog.models import Product
from assistant.vocab.colour_words import COLOUR_WORDS, NOT_COLOUR_COMPOUNDS, colour_family
from assistant.vocab.english import SHORTHAND
from assistant.vocab.links import LinkMention, find_links
from assistant.vocab.sizes import ProductSizes, SizeMention, canonical_size, find_sizes
from assistant.vocab.text import compile_fast, literal_alternation, normalise_term

__all__ = [
    "COLOUR_LEXICON",
    "ColourLexicon",
    "ColourMention",
    "LinkMention",
    "ProductColours",
    "ProductSizes",
    "ShadeIndex",
    "SizeMention",
    "canonical_size",
    "find_links",
    "find_sizes",
]


@dataclass(frozen=True, slots=True)
class ColourMention:
    word: str  # as written (normalised)
    canonical: str | None  # lexicon label; None for a product's own word (shade code, alias)
    start: int
    end: int
    label: str | None = None  # the product's label when the word is one of its own


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    """CJK words match anywhere; ASCII words (and shade codes: "999" not in "1999") only as whole words."""
    ascii_words = [w for w in words if w.isascii()]
    other_words = [w for w in words if not w.isascii()]
    ascii_part = rf"(?<![a-z0-9])(?:{literal_alternation(ascii_words)})(?![a-z0-9])"
    return compile_fast(f"{ascii_part}|{literal_alternation(other_words)}")


class ColourLexicon:
    def __init__(self) -> None:
        self.canonical_by_word = {word: label for label, words in COLOUR_WORDS.items() for word in words}
        # Staff shorthand for colours ("blk", "wht") reads as the colour for comments and ops alike.
        self.canonical_by_word |= {short: word for short, word in SHORTHAND.items() if word in COLOUR_WORDS}
        self._pattern = _word_pattern(list(self.canonical_by_word))
        self._not_colour = compile_fast(literal_alternation(NOT_COLOUR_COMPOUNDS))

    def find(self, text: str, inside_words: bool = False) -> list[ColourMention]:
        """Colour words in a comment; a lone colour character inside a word ("黑幕") only with inside_words."""
        if self._not_colour.search(text):
            text = self._not_colour.sub(lambda m: " " * len(m.group()), text)
        return [
            ColourMention(m.group(), self.canonical_by_word[m.group()], m.start(), m.end())
            for m in self._pattern.finditer(text)
            if inside_words or stands_alone(text, m.start(), m.end())
        ]

    def canonical_of(self, label: str) -> str | None:
        """The lexicon colour a catalog label names ("#999 正红" -> red), by its longest colour word."""
        mentions = self.find(normalise_term(label), inside_words=True)
        if not mentions:
            return None
        return max(mentions, key=lambda m: m.end - m.start).canonical


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_LONE_CHARS = frozenset(w for words in COLOUR_WORDS.values() for w in words if len(w) == 1)
# A lone colour character is a colour next to these, at an edge, beside Latin text or another colour.
_COLOUR_NEIGHBOURS = frozenset("色的款系都要和跟与或还有吗呢么嘛哦啊呀也是码号拍买个件条双只来拿各寸度段枚瓶装岁斤")


def stands_alone(text: str, start: int, end: int) -> bool:
    """"黑" in "黑白都要M" or "要黑的" is a colour; in "黑幕", "罗小黑", "红地毯", "红红火火" it is part of a word."""
    word = text[start:end]
    if start and text[start - 1] == word[0] and word[0] in _LONE_CHARS:
        return False  # "红红的太阳", "灰灰的天"
    if len(word) > 1 or word not in _LONE_CHARS:
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if word in (before, after):
        return False

    def fits(ch: str) -> bool:
        return not ch or not _CJK_CHAR.match(ch) or ch in _COLOUR_NEIGHBOURS or ch in _LONE_CHARS

    return fits(before) and fits(after)


COLOUR_LEXICON = ColourLexicon()

_SHADE_CODE = re.compile(r"#?([a-z]{0,2}\d{2,4}[a-z]?)(?![a-z0-9])")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _own_words(label: str) -> set[str]:
    """Words a viewer may use for an arbitrary label: "#999 正红" -> {"#999 正红", "999", "#999", "正红"}."""
    text = normalise_term(label)
    words = {text}
    for code in _SHADE_CODE.finditer(text):
        words.update({code.group(1), "#" + code.group(1)})
    for run in _CJK_RUN.findall(text):
        words.add(run)
        if len(run) >= 3:
            words.add(run[:2])
        if len(run) >= 4:
            words.add(run[-2:])
    return {w for w in words if len(w) >= 2}


class ProductColours:
    """Maps what a viewer wrote to one of a product's colour labels."""

    def __init__(self, product: Product, lexicon: ColourLexicon = COLOUR_LEXICON) -> None:
        self.labels = product.colours()
        self._lexicon = lexicon
        label_by_word: dict[str, str | None] = {}
        for label in self.labels:
            for word in _own_words(label):
                label_by_word[word] = label if label_by_word.get(word, label) == label else None
        # A word of the product's own name ("大地" in "大地色眼影盘") names the product, not a shade.
        for name in (product.name.zh, product.name.en):
            for word in list(label_by_word):
                if name and word in normalise_term(name) and word not in self.labels:
                    del label_by_word[word]
        for label_key, aliases in product.colour_aliases.items():
            keyed = self._label_for_key(label_key)
            for alias in aliases:
                label_by_word[normalise_term(alias)] = keyed
        self._label_by_word = {w: lbl for w, lbl in label_by_word.items() if lbl is not None}
        # Words of shade labels ("#999 正红" -> "999", "正红") can point at the product with no other clue.
        self.shade_words = {w for w, lbl in self._label_by_word.items() if _SHADE_CODE.search(normalise_term(lbl))}
        self._pattern = _word_pattern(list(self._label_by_word)) if self._label_by_word else None
        self._label_by_canonical: dict[str, str | None] = {}
        for label in self.labels:
            canonical = lexicon.canonical_of(label)
            if canonical:
                seen = self._label_by_canonical.get(canonical, label)
                self._label_by_canonical[canonical] = label if seen == label else None

    def _label_for_key(self, key: str) -> str | None:
        wanted = normalise_term(key)
        for label in self.labels:
            if normalise_term(label) == wanted or self._lexicon.canonical_of(label) == wanted:
                return label
        return None

    def find_own(self, text: str) -> list[ColourMention]:
        """The product's own colour words in text (labels, shade codes, colour_aliases)."""
        if self._pattern is None:
            return []
        return [
            ColourMention(m.group(), None, m.start(), m.end(), self._label_by_word[m.group()])
            for m in self._pattern.finditer(text)
        ]

    def label_for(self, canonical: str) -> str | None:
        """The product's label for a lexicon colour, or the single label of the same family."""
        exact = self._label_by_canonical.get(canonical)
        if exact or canonical in self._label_by_canonical:
            return exact
        family = colour_family(canonical)
        relatives = {
            label
            for known, label in self._label_by_canonical.items()
            if label and colour_family(known) == family
        }
        return relatives.pop() if len(relatives) == 1 else None


class ShadeIndex:
    """Which product a shade word belongs to across the catalog ("豆沙" -> the lipstick)."""

    def __init__(self, colours: Mapping[str, ProductColours]) -> None:
        owners: dict[str, set[str]] = {}
        for product_id, product_colours in colours.items():
            for word in product_colours.shade_words:
                owners.setdefault(word, set()).add(product_id)
        self._product_by_word = {w: ids.pop() for w, ids in owners.items() if len(ids) == 1}
        self._pattern = _word_pattern(list(self._product_by_word)) if self._product_by_word else None

    def find(self, text: str) -> str | None:
        match = self._pattern.search(text) if self._pattern else None
        return self._product_by_word[match.group()] if match else None
