"""Warehouse names in what ops typed ("广州仓", "上海", "GZ", "HK warehouse"), from the catalog's own words.

The words are the catalog's (name, aliases, id, and a Chinese name without its trailing 仓), matched longest
first and blanked once found, so "上海仓" is one mention and never a product word. Direction comes from the
words around a mention: 从/由/from before it is the source, 到/至/去/往/to before it the destination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.catalog.models import Catalog
from assistant.vocab.text import literal_alternation, normalise_term

_SOURCE = re.compile(r"(?:从|由|自|from)\s*$")
_TARGET = re.compile(r"(?:到|至|去|往|给|发往|调往|调到|to|into)\s*$")


@dataclass(frozen=True)
class WarehouseMention:
    warehouse: str
    start: int
    end: int
    role: str  # "source", "target" or "" (just named)


def warehouse_words(catalog: Catalog) -> dict[str, str]:
    words: dict[str, str] = {}
    for warehouse in catalog.warehouses:
        names = [warehouse.name.zh, warehouse.name.en, *warehouse.aliases, warehouse.id]
        if warehouse.name.zh and warehouse.name.zh.endswith("仓") and len(warehouse.name.zh) > 2:
            names.append(warehouse.name.zh[:-1])
        for name in names:
            if name:
                words.setdefault(normalise_term(name), warehouse.id)
    return words


def find_warehouses(text: str, catalog: Catalog) -> tuple[list[WarehouseMention], str]:
    """The warehouses named in text (in order) and the text with them blanked."""
    words = warehouse_words(catalog)
    if not words:
        return [], text
    pattern = re.compile(literal_alternation(sorted(words, key=len, reverse=True)), re.IGNORECASE)
    found: list[WarehouseMention] = []
    work = text
    for m in pattern.finditer(text):
        word = normalise_term(m.group(0))
        if word.isascii() and not _word_bounded(text, m.start(), m.end()):
            continue  # "GZ" inside "GZX-1" is not the warehouse
        before = text[max(0, m.start() - 6):m.start()]
        role = "source" if _SOURCE.search(before) else "target" if _TARGET.search(before) else ""
        found.append(WarehouseMention(words[word], m.start(), m.end(), role))
        work = work[:m.start()] + " " * (m.end() - m.start()) + work[m.end():]
    return found, work


def _word_bounded(text: str, start: int, end: int) -> bool:
    left = start == 0 or not text[start - 1].isalnum() or not text[start - 1].isascii()
    right = end == len(text) or not text[end].isalnum() or not text[end].isascii()
    return left and right
