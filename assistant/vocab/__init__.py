"""The shop's words, built from the loaded catalog: one reader of colours and sizes for comments, cards, demand
and ops, and one way to name a variant (naming.py).

    options_of(product).read(text, ...)   every colour and size label a text names (options.py)
    colour_of(product, word) / size_of(product, word)   one typed word -> the product's own label
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.catalog.models import Product
from assistant.vocab.options import OptionReading, ProductOptions
from assistant.vocab.sizes import find_sizes
from assistant.vocab.text import normalise

__all__ = ["OptionReading", "ProductOptions", "colour_of", "options_of", "read_options", "size_of"]

_BUILT: dict[tuple[str, int], ProductOptions] = {}


def options_of(product: Product) -> ProductOptions:
    """The product's options reader, built once per loaded product (a reload makes new Product objects)."""
    key = (product.id, id(product))
    options = _BUILT.get(key)
    if options is None or options.product is not product:
        if len(_BUILT) > 50_000:
            _BUILT.clear()
        options = _BUILT[key] = ProductOptions(product)
    return options


def read_options(product: Product, text: str) -> OptionReading:
    norm = normalise(text)
    return options_of(product).read(norm.text, find_sizes(norm.text, norm.has_cjk))


def colour_of(product: Product, word: str | None) -> str | None:
    """The product's own colour label for what someone typed ("黑色", "black", "#05", "紫"), or None."""
    return _one_label(product.colours(), word, lambda reading: reading.colours, product)


def size_of(product: Product, word: str | None) -> str | None:
    """The product's own size label for what someone typed ("xxl", "36半", "1米8", "15pm"), or None."""
    return _one_label(product.sizes(), word, lambda reading: reading.sizes, product)


def _one_label(labels: list[str], word: str | None, pick: Callable[[OptionReading], list[str]],
               product: Product) -> str | None:
    if not word or not word.strip():
        return None
    exact = [label for label in labels if label.lower() == word.strip().lower()]
    if exact:
        return exact[0]
    found = pick(read_options(product, word))
    return found[0] if len(found) == 1 else None
