"""The one product finder: which products a text names, for comments, ops and their tools alike.

Built once per loaded catalog (product_finder): names, aliases, product ids and SKU codes, name fragments a
viewer uses ("宽松衬衫" of "亚麻宽松衬衫"), and kinds of goods ("风衣" / "trench coat").

    find_exact(text)   names, aliases, ids and SKUs: what staff type, and what a tool is given (ops)
    find_named(text)   names and aliases, else name fragments: what viewers type (comments)
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from assistant.catalog.models import Catalog, Product
from assistant.vocab.colour_words import COLOUR_WORDS
from assistant.vocab.product_nouns import BROAD_WORDS, KIND_PARENTS, NOT_PRODUCT_COMPOUNDS, PRODUCT_KINDS
from assistant.vocab.shapes import QUANTITY, UNITS
from assistant.vocab.text import compile_fast, literal_alternation, normalise_term

_COLOUR_WORDS = {word for words in COLOUR_WORDS.values() for word in words}
_NAME_NOISE = re.compile(r"\(.*?\)|（.*?）|\d+\s?(?:片|支|只|ml|g|pack|件|双)\S*")
_CHUNK_SPLIT = re.compile(r"[\s\d,，/、·+&|]+")
_EN_STOP = {"the", "and", "with", "for", "pack", "set", "new", "style", "size", "colour", "color"}
# Name words too common in chat to point at one product ("is it short?", "light colours?").
_EN_COMMON = {
    "short", "light", "basic", "classic", "everyday", "women", "womens", "ladies", "unisex", "style", "small",
    "large", "little", "sweet", "super", "extra", "premium", "quality", "summer", "winter", "spring", "autumn",
    "shade", "shades", "double", "single", "waist", "earth", "lined", "piece", "pieces", "items", "colours",
}
_CJK_COLOUR_INSIDE = re.compile(literal_alternation([w for w in _COLOUR_WORDS if not w.isascii()]))
# Pieces with these read as chat, not as a name ("颜色大吗" is not "色大").
_NOT_FRAGMENT = re.compile(r"[\da-z色码号款装的了吗呢]")


@dataclass(frozen=True, slots=True)
class ProductHit:
    product_ids: tuple[str, ...]  # empty: a kind of product the catalog does not sell
    source: str  # "name", "alias", "code" (a product id or SKU), "kind", "broad"
    word: str
    start: int
    end: int
    sku: str | None = None  # the word is this SKU's code


class _WordTable:
    """Words -> owning product ids, matched as whole English words (plural allowed) or CJK substrings."""

    def __init__(self, owners: dict[str, dict[str, str]]) -> None:
        self.owners = owners
        ascii_words = [w for w in owners if w.isascii()]
        other_words = [w for w in owners if not w.isascii()]
        self._pattern = compile_fast(
            rf"(?<![a-z0-9])(?P<en>{literal_alternation(ascii_words)})(?:e?s)?(?![a-z0-9])"
            rf"|(?P<zh>{literal_alternation(other_words)})"
        )

    def hits(self, text: str) -> list[tuple[str, int, int]]:
        if not self.owners:
            return []
        return [(m.group("en") or m.group("zh"), m.start(), m.end()) for m in self._pattern.finditer(text)]


def _derived_words(product: Product) -> set[str]:
    """Fragments of a product's names a viewer may use: "亚麻宽松衬衫" -> "宽松衬衫", "衬衫"; "... trench coat" -> "coat"."""
    words: set[str] = set()
    if product.name.zh:
        for chunk in _CHUNK_SPLIT.split(_NAME_NOISE.sub(" ", normalise_term(product.name.zh))):
            if chunk.isascii():
                continue
            words.update(chunk[i:] for i in range(len(chunk) - 1))
    if product.name.en:
        tokens = [t for t in _NAME_NOISE.sub(" ", normalise_term(product.name.en)).split() if t not in _EN_STOP]
        for n in (1, 2, 3):
            if len(tokens) > n and len(" ".join(tokens[-n:])) >= 4:
                words.add(" ".join(tokens[-n:]))
    return {w for w in words if w not in _COLOUR_WORDS}


def _pinyin_words(product: Product) -> set[str]:
    """A product's Chinese aliases and name as typed in pinyin, joined or by syllable ("zhiniaoku", "kong qi zha
    guo", "jimu"): viewers who do not switch input mode. Two syllables at least, so no one-syllable word is one."""
    from assistant.vocab.label_forms import lazy_pinyin

    words: set[str] = set()
    for text in (*product.aliases, product.name.zh or ""):
        plain = normalise_term(text)
        if 2 <= len(plain) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", plain):
            syllables = lazy_pinyin(plain)
            if len(syllables) == len(plain) and all(s.isascii() and s.isalpha() for s in syllables):
                joined = "".join(syllables)
                words |= {joined, " ".join(syllables)} if len(joined) >= 4 else set()
    return words


def _fragment_words(product: Product) -> set[str]:
    """Inner pieces of a product's names ("连帽", "fleece"); viewers use them for "the hooded one"."""
    words: set[str] = set()
    if product.name.zh:
        for chunk in _CHUNK_SPLIT.split(_NAME_NOISE.sub(" ", normalise_term(product.name.zh))):
            for size in (2, 3, 4):
                words.update(chunk[i : i + size] for i in range(len(chunk) - size + 1))
    if product.name.en:
        tokens = re.findall(r"[a-z]+", normalise_term(product.name.en))
        words.update(t for t in tokens if len(t) >= 5 and t not in _EN_COMMON)
    words = {w for w in words if not (w in _COLOUR_WORDS if w.isascii() else _CJK_COLOUR_INSIDE.search(w))}
    return {w for w in words if w.isascii() or not _NOT_FRAGMENT.search(w)}


class ProductFinder:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.rank = {p.id: i for i, p in enumerate(catalog.products)}
        self.by_lower_id = {p.id.lower(): p for p in catalog.products}
        explicit: dict[str, dict[str, str]] = defaultdict(dict)
        self._skus: dict[str, str] = {}
        for product in catalog.products:
            # Codes first, so a name or alias that is also a code reads as the name.
            explicit[normalise_term(product.id)][product.id] = "code"
            for variant in product.variants:
                explicit[normalise_term(variant.sku)][product.id] = "code"
                self._skus[normalise_term(variant.sku)] = variant.sku
        for product in catalog.products:
            for alias in product.aliases:
                explicit[normalise_term(alias)][product.id] = "alias"
            for name in (product.name.zh, product.name.en):
                if name:
                    explicit[normalise_term(name)][product.id] = "name"
        for word in list(explicit):
            if word.isascii() and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
                explicit.setdefault(word[:-1], explicit[word])  # "sneakers" also as "sneaker"
        derived: dict[str, dict[str, str]] = defaultdict(dict)
        for product in catalog.products:
            for word in _derived_words(product):
                if word not in explicit:
                    derived[word][product.id] = "name"
        for product in catalog.products:
            for word in _pinyin_words(product):
                if word not in explicit:
                    derived[word][product.id] = "name"
        fragments: dict[str, dict[str, str]] = defaultdict(dict)
        for product in catalog.products:
            for word in _fragment_words(product):
                if word not in explicit and word not in derived:
                    fragments[word][product.id] = "name"
        self._explicit = _WordTable(dict(explicit))
        self._derived = _WordTable(dict(derived))
        # A piece shared by several names points at none of them.
        self._fragments = _WordTable({w: owners for w, owners in fragments.items() if len(owners) == 1})

        kind_of_word = {w: kind[0] for _, kind in PRODUCT_KINDS for w in kind}
        group_of_kind = {kind[0]: group for group, kind in PRODUCT_KINDS}
        self._kinds = _WordTable({w: {k: "kind"} for w, k in kind_of_word.items()})
        self._broad = _WordTable({w: {g: "broad"} for w, g in BROAD_WORDS.items()})
        self._not_product = compile_fast(literal_alternation(NOT_PRODUCT_COMPOUNDS))
        self._products_by_kind: dict[str, list[str]] = defaultdict(list)
        self._products_by_group: dict[str, list[str]] = defaultdict(list)
        for product in catalog.products:
            texts = [normalise_term(t) for t in (product.name.zh, product.name.en, product.category, *product.aliases) if t]
            # The head noun comes last in both languages: "防晒渔夫帽" is a hat, not a sunscreen.
            kinds = {kind_of_word[hits[-1][0]] for hits in map(self._kinds.hits, texts) if hits}
            kinds |= {KIND_PARENTS[k] for k in kinds if k in KIND_PARENTS}
            groups = {group_of_kind[k] for k in kinds if k in group_of_kind}
            groups |= {BROAD_WORDS[hits[-1][0]] for hits in map(self._broad.hits, texts) if hits}
            for kind in kinds:
                self._products_by_kind[kind].append(product.id)
            for group in groups:
                self._products_by_group[group].append(product.id)
        self._kind_of_word = kind_of_word

    def find_exact(self, text: str) -> list[ProductHit]:
        """Products named by name, alias, product id or SKU code (normalised text); a SKU's hit carries it."""
        hits = []
        quantities: list[tuple[int, int]] | None = None
        for word, start, end in self._explicit.hits(text):
            if word in UNITS:  # an alias that is a unit ("米" of rice): in "三米宽", "1米8" it is a length
                quantities = quantities if quantities is not None else [m.span() for m in QUANTITY.finditer(text)]
                if any(a <= start and end <= b for a, b in quantities):
                    continue
            owners = self._explicit.owners[word]
            sku = self._skus.get(word) if len(owners) == 1 else None
            hits.append(ProductHit(tuple(owners), next(iter(owners.values())), word, start, end, sku))
        return hits

    def find_named(self, text: str) -> list[ProductHit]:
        """Products named by name or alias; name fragments only when no full name or alias is there.

        Codes are no viewer's words: a hit on a product id or SKU is dropped (a bare-number id is a link number)."""
        hits = [hit for hit in self.find_exact(text) if hit.source != "code"]
        if hits:
            return hits
        return [ProductHit(tuple(self._derived.owners[w]), "name", w, start, end)
                for w, start, end in self._derived.hits(text)]

    def find_fragments(self, text: str) -> list[ProductHit]:
        return [
            ProductHit(tuple(self._fragments.owners[w]), "name", w, start, end)
            for w, start, end in self._fragments.hits(text)
        ]

    def find_kinds(self, text: str) -> list[ProductHit]:
        return [
            ProductHit(tuple(self._products_by_kind.get(self._kind_of_word[w], ())), "kind", w, start, end)
            for w, start, end in self._kinds.hits(text)
        ]

    def find_broad(self, text: str) -> list[ProductHit]:
        if self._not_product.search(text):
            text = self._not_product.sub(lambda m: " " * len(m.group()), text)
        return [
            ProductHit(tuple(self._products_by_group.get(BROAD_WORDS[w], ())), "broad", w, start, end)
            for w, start, end in self._broad.hits(text)
        ]


_FINDERS: dict[int, ProductFinder] = {}


def product_finder(catalog: Catalog) -> ProductFinder:
    """One finder per loaded catalog object (a catalog load swaps the object, so the cache follows)."""
    finder = _FINDERS.get(id(catalog))
    if finder is None or finder.catalog is not catalog:
        if len(_FINDERS) > 8:  # a bench or test reading several catalogs at once keeps a few
            _FINDERS.clear()
        finder = _FINDERS[id(catalog)] = ProductFinder(catalog)
    return finder
