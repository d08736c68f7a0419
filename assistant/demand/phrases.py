"""How a phrase for something the catalog lacks is normalised before it is grouped by meaning.

Sizes are grouped by their canonical label only: e5 puts "4XL" and "5XL" at 0.94-0.96 cosine, closer than
"帽子"/"hat", so meaning would merge sizes a restock must keep apart. Colours go through the colour
vocabulary first when it is present ("紫的", "紫色" and "purple" are one colour) and then by meaning; other
phrases (product kinds) by meaning alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SIZE_NOISE = re.compile(r"(码|號|号|size|尺码|的)", re.IGNORECASE)
_X_RUN = re.compile(r"^(X{2,})(S|L)$")
_N_X = re.compile(r"^(\d)X(S|L)$")
_TRAILING_PARTICLES = re.compile(r"(的|吗|呢|嘛|啊|呀|有没有|有吗|么|\?|？|!|！)+$")


@dataclass(frozen=True)
class Phrase:
    kind: str  # colour | size | product
    raw: str  # as the viewer wrote it, normalised for display and for the phrase table
    key: str  # what must match exactly for two phrasings to be the same thing without asking chroma
    embed_text: str  # what is embedded to compare meaning; "" when the kind is matched by key only


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def canonical_size(text: str) -> str:
    label = _SIZE_NOISE.sub("", normalise(text)).replace(" ", "").upper()
    if match := _X_RUN.match(label):  # XXXL -> 3XL: one label however the X are counted
        return f"{len(match.group(1))}X{match.group(2)}"
    if match := _N_X.match(label):
        return f"{match.group(1)}X{match.group(2)}"
    return label or normalise(text)


def _colour_table() -> dict[str, tuple[str, str]]:
    """word -> (canonical English, a Chinese word for it); empty when the comments vocabulary is absent."""
    try:
        from assistant.vocab.colour_words import COLOUR_WORDS
    except ImportError:
        return {}
    table: dict[str, tuple[str, str]] = {}
    for canonical, words in COLOUR_WORDS.items():
        chinese = [w for w in words if not w.isascii()]
        shown = next((w for w in chinese if w.endswith("色")), chinese[0] if chinese else canonical)
        for word in (canonical, *words):
            table[normalise(word)] = (canonical, shown)
    return table


_COLOURS = _colour_table()


def phrase(kind: str, text: str) -> Phrase:
    raw = normalise(text)
    if kind == "size":
        return Phrase(kind, raw, canonical_size(raw), "")
    bare = _TRAILING_PARTICLES.sub("", raw) or raw
    if kind == "colour":
        known = _COLOURS.get(bare) or _COLOURS.get(bare.removesuffix("色")) or _COLOURS.get(bare + "色")
        if known:
            return Phrase(kind, raw, known[0], known[1])
    return Phrase(kind, raw, bare, bare)
