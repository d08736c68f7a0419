"""Colour words of the built-in lexicon; each product's own words are read by options.py (one reader).

Sizes live in sizes.py and link numbers in links.py; they are re-exported here so callers
have one place to import the comment vocabulary from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.vocab.colour_words import COLOUR_WORDS, NOT_COLOUR_COMPOUNDS
from assistant.vocab.english import SHORTHAND
from assistant.vocab.links import LinkMention, find_links
from assistant.vocab.sizes import SizeMention, canonical_size, find_sizes
from assistant.vocab.text import compile_fast, literal_alternation, normalise_term

__all__ = [
    "COLOUR_LEXICON",
    "ColourLexicon",
    "ColourMention",
    "LinkMention",
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
