"""One way to name a variant, for replies, cards and ops answers: the catalog's own label in the asker's language."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.catalog.models import Product
from assistant.vocab.colour_words import COLOUR_WORDS
from assistant.vocab.shapes import is_storage, size_shape

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _zh_word(words: tuple[str, ...] | list[str]) -> str | None:
    cjk = [w for w in words if _CJK.search(w)]
    with_suffix = [w for w in cjk if w.endswith("色")]
    return next(iter(with_suffix or cjk), None)


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


def is_garment_size(size: str, product: Product | None = None) -> bool:
    """Letter sizes and clothing or shoe numbers take "码"/"size"; 250g, 1.8m, 75B, "15 Pro" are named as they are."""
    shapes = [size_shape(s) for s in product.sizes()] if product is not None else []
    models = any(shape.kind == "model" for shape in shapes)
    shape = size_shape(size, models)
    if shape.kind == "number":
        # An ink cartridge's "680" beside 680XL, a model's "803": numbers of no garment (a kids' 160 is one)
        lettered = any(s.count and s.count.unit.isascii() and s.count.unit != "u" for s in shapes)
        return not lettered and (shape.value or 0) < 200
    return shape.kind == "letter"


def size_label(size: str, language: str, product: Product | None = None) -> str:
    if not is_garment_size(size, product):
        return size
    if language == "zh":
        return size if size.endswith("码") or _CJK.search(size) else f"{size}码"
    return f"size {size.removesuffix('号').removesuffix('码')}"  # a ring's "12号" is "size 12"


_DIMENSION_WORDS = {
    "zh": {"letter": "尺码", "number": "尺码", "band_cup": "尺码", "model": "型号", "dims": "尺寸", "other": "规格",
           "g": "规格", "ml": "容量", "cm": "尺寸", "w": "功率", "gb": "容量", "counted": "规格", "height_fit": "号型", "flavour": "口味", "shade": "色号",
           "colour": "颜色"},
    "en": {"letter": "sizes", "number": "sizes", "band_cup": "sizes", "model": "models", "dims": "sizes",
           "other": "options", "g": "weights", "ml": "sizes", "cm": "sizes", "w": "wattages", "gb": "storage sizes", "counted": "options", "height_fit": "sizes",
           "flavour": "flavours",
           "shade": "shades", "colour": "colours"},
}


def dimension_word(product: Product, dimension: str, language: str) -> str:
    """What the product's options of one dimension are called: 尺码, 型号, 容量, 口味, 色号, 颜色..."""
    words = _DIMENSION_WORDS["zh" if language == "zh" else "en"]
    if dimension == "colour":
        labels = product.colours()
        if labels and all(label.endswith("味") for label in labels):
            return words["flavour"]
        if labels and all(re.search(r"#\s?\d|\d\s?号色", label) for label in labels):
            return words["shade"]
        return words["colour"]
    models = any(size_shape(s).kind == "model" for s in product.sizes())
    storage = is_storage(product.sizes())
    shapes = [size_shape(s, models, storage) for s in product.sizes()]
    kinds = {shape.unit if shape.kind == "quantity" else shape.kind for shape in shapes}
    kind = kinds.pop() if len(kinds) == 1 else None
    return words.get(kind, words["other"]) if kind else words["other"]


def fit_options(options: list[str], language: str, budget: int = 110) -> tuple[str, int]:
    """Every option, or as many as fit the platform's reply length and "… and N more": never a silent cut.

    Returns the text and the count it states (0 when it lists them all), which the reply guard must allow."""
    shown = list(options)
    while len(shown) > 1 and len(join_options(shown, language)) > budget:
        shown.pop()
    rest = len(options) - len(shown)
    if not rest:
        return join_options(shown, language), 0
    more = f"等{len(options)}个" if language == "zh" else f" and {rest} more"
    return join_options(shown, language) + more, len(options) if language == "zh" else rest


def variant_label(colour: str | None, size: str | None, language: str, product: Product | None = None) -> str:
    parts: list[str] = []
    if colour:
        parts.append(colour_label(colour, language, product))
    if size:
        garment = is_garment_size(size, product)
        parts.append(size_label(size, language, product) if language == "zh" or not colour or not garment
                     else f"in {size_label(size, language, product)}")
    if not parts and product is not None:
        return product_name(product, language)
    return ("" if language == "zh" else " ").join(parts)


def product_name(product: Product, language: str) -> str:
    return product.display_name_zh if language == "zh" else product.display_name_en


def join_options(options: list[str], language: str) -> str:
    if language == "zh":
        return "、".join(options)
    return ", ".join(options)

