"""How variants are named in replies: the viewer's language, the catalog's own labels."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.catalog.models import Product
from assistant.comments.colour_words import COLOUR_WORDS

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _zh_word(words: tuple[str, ...] | list[str]) -> str | None:
    cjk = [w for w in words if _CJK.search(w)]
    with_suffix = [w for w in cjk if w.endswith("色")]
    return (with_suffix or cjk or [None])[0]


def colour_label(colour: str, language: str, product: Product | None = None) -> str:
    if language != "zh":
        return colour
    aliases = product.colour_aliases.get(colour) if product is not None else None
    return _zh_colour(colour, tuple(aliases) if aliases else ())


@lru_cache(maxsize=4096)  # a reply names several colours; the answer only depends on these words
def _zh_colour(colour: str, aliases: tuple[str, ...]) -> str:
    if _CJK.search(colour):
        return colour
    return _zh_word(COLOUR_WORDS.get(colour.lower(), ())) or _zh_word(aliases) or colour


def size_label(size: str, language: str) -> str:
    if language == "zh":
        return size if size.endswith("码") or _CJK.search(size) else f"{size}码"
    return f"size {size}"


def variant_label(colour: str | None, size: str | None, language: str, product: Product | None = None) -> str:
    parts: list[str] = []
    if colour:
        parts.append(colour_label(colour, language, product))
    if size:
        parts.append(size_label(size, language) if language == "zh" or not colour else f"in size {size}")
    if not parts and product is not None:
        return product_name(product, language)
    return ("" if language == "zh" else " ").join(parts)


def product_name(product: Product, language: str) -> str:
    return product.display_name_zh if language == "zh" else product.display_name_en


def join_options(options: list[str], language: str) -> str:
    if language == "zh":
        return "、".join(options)
    return ", ".join(options)
