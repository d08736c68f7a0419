"""Product names staff shorten to their Latin head mid-show: "白T M" / "黑t" for a catalog's "T恤".

Only the catalog's own words count: a name or alias that is a few Latin letters followed by Chinese
("T恤", "Polo衫") gives its head ("t", "polo"), used when one product alone owns that head. The head is
read as the product only right after a Chinese character or at the start, and never inside a Latin word
or a code, so "tee", "TS-11-BLK-M" and a size "T" in "T码" elsewhere are left alone.
"""

from __future__ import annotations

import re

from assistant.catalog.models import Catalog
from assistant.vocab.text import normalise_term

_HEADED = re.compile(r"([a-z]{1,4})([\u4e00-\u9fff]{1,3})")


_CACHE: dict[int, tuple[Catalog, tuple[tuple[re.Pattern[str], str], ...]]] = {}


def _heads(catalog: Catalog) -> tuple[tuple[re.Pattern[str], str], ...]:
    cached = _CACHE.get(id(catalog))
    if cached and cached[0] is catalog:  # a catalog load swaps the object, so the cache follows
        return cached[1]
    _CACHE.clear()
    owners: dict[str, set[str]] = {}
    words: dict[str, str] = {}
    for product in catalog.products:
        for word in (product.name.zh, *product.aliases):
            m = _HEADED.fullmatch(normalise_term(word or ""))
            if m:
                owners.setdefault(m.group(1), set()).add(product.id)
                words.setdefault(m.group(1), m.group(0))
    heads = tuple((re.compile(rf"(?:(?<=[\u4e00-\u9fff])|^){head}(?![a-z0-9\-{re.escape(words[head][len(head)])}码])"),
                   words[head]) for head, ids in owners.items() if len(ids) == 1)
    _CACHE[id(catalog)] = (catalog, heads)
    return heads


def expand_heads(text: str, catalog: Catalog) -> str:
    """The text with each product head ("白t") written out as the catalog word ("白t恤")."""
    for pattern, word in _heads(catalog):
        text = pattern.sub(word, text)
    return text
