"""Which product a comment is about: by name, link number, kind of product, or what is on screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.catalog.models import Catalog
from assistant.vocab import options_of
from assistant.vocab.lexicon import ColourMention, LinkMention, SizeMention
from assistant.vocab.options import ProductOptions
from assistant.vocab.products import ProductFinder, ProductHit

SEMANTIC_MIN_CONFIDENCE = 0.5
# A guess between products sharing a word stays under the 0.6 the reply pipeline asks back below.
EXPLICIT, DISAMBIGUATED, BY_VARIANT, BY_KIND, GUESS = 0.95, 0.9, 0.85, 0.85, 0.5


@dataclass(frozen=True, slots=True)
class Resolved:
    product_id: str | None = None
    source: str | None = None
    confidence: float = 0.0
    unknown_product: str | None = None
    link: LinkMention | None = None  # the link number used, so it is not read as a size
    missing_link: int | None = None  # a link number the lineup does not have: ask which product


@dataclass(frozen=True, slots=True)
class Clues:
    """What a comment mentions, in the terms the resolver weighs them."""

    named: Sequence[ProductHit]
    fragments: Sequence[ProductHit]  # a piece of one product's name ("连帽的")
    kinds: Sequence[ProductHit]  # kinds of product ("风衣"), with the catalog products of that kind
    broad: Sequence[ProductHit]  # group words ("裤子"), with the catalog products in the group
    links: Sequence[LinkMention]
    colours: Sequence[ColourMention]
    sizes: Sequence[SizeMention]
    deictic: bool  # "这件", "this one"
    shade_product: str | None  # the only product with a shade word the comment uses
    wants_product: bool  # a stock or size question: fall back to the product on screen


class ProductResolver:
    def __init__(self, catalog: Catalog, index: ProductFinder) -> None:
        self.index = index
        # Each product's options through the one reader (vocab): what it offers, which numbers are its sizes.
        self.options: dict[str, ProductOptions] = {p.id: options_of(p) for p in catalog.products}

    def resolve(
        self,
        clues: Clues,
        focus: str | None,
        lineup: Mapping[int, str],
        semantic: Callable[[], tuple[str, float] | None] | None,
    ) -> Resolved:
        linked = [(m, lineup[m.number]) for m in clues.links if lineup.get(m.number) in self.options]
        definite_link = next(((m, pid) for m, pid in linked if m.definite), None)

        def choose(candidates: Sequence[str], source: str, confidence: float) -> Resolved:
            linked_product = definite_link[1] if definite_link else None
            return self._choose(candidates, source, confidence, focus, linked_product, lineup, clues)

        if clues.named:
            hit = clues.named[0]
            return choose(hit.product_ids, hit.source, EXPLICIT)
        if not linked and (missing := self._missing_link(clues.links, focus, lineup)):
            return Resolved(missing_link=missing)
        if definite_link:
            return Resolved(definite_link[1], "link", EXPLICIT, link=definite_link[0])
        known_kind = next((hit for hit in clues.kinds if hit.product_ids), None)
        if known_kind:
            return choose(known_kind.product_ids, "alias", BY_KIND)
        if clues.deictic and focus:
            return Resolved(focus, "focus", DISAMBIGUATED)
        if clues.fragments and not clues.kinds:  # "羊绒大衣" is a coat, not the cashmere scarf
            return Resolved(clues.fragments[0].product_ids[0], "name", BY_KIND)
        if clues.shade_product:
            return Resolved(clues.shade_product, "alias", BY_KIND)
        for mention, pid in linked:
            # "42号" is a size when the product on screen has a 42; otherwise a link number.
            if not (focus and self.options[focus].size_for(str(mention.number))):
                return Resolved(pid, "link", DISAMBIGUATED, link=mention)
        unknown = clues.kinds[0].word if clues.kinds else None
        if clues.broad and not unknown:
            group = clues.broad[0].product_ids
            if focus in group:
                return Resolved(focus, "focus", BY_KIND)
            if group:
                return choose(group, "alias", BY_KIND)
            unknown = clues.broad[0].word
        if not clues.wants_product:
            return Resolved()
        if semantic and (unknown or not focus) and (match := semantic()):
            product_id, score = match
            if score >= SEMANTIC_MIN_CONFIDENCE and product_id in self.options:
                return Resolved(product_id, "semantic", round(score, 3))
        if unknown:
            return Resolved(unknown_product=unknown)
        return Resolved(focus, "focus", DISAMBIGUATED) if focus else Resolved()

    def _missing_link(self, links: Sequence[LinkMention], focus: str | None, lineup: Mapping[int, str]) -> int | None:
        """"7号链接" when the lineup has no link 7; a bare "7号" only where it is no size of the product on screen."""
        for mention in links:
            if mention.number in lineup:
                continue
            own_size = focus and (self.options[focus].size_for(str(mention.number))
                                  or self.options[focus].has_numbered(mention.number))
            if mention.definite or (mention.number < 20 and not own_size):
                return mention.number
        return None

    def _choose(
        self,
        candidates: Sequence[str],
        source: str,
        confidence: float,
        focus: str | None,
        linked: str | None,
        lineup: Mapping[int, str],
        clues: Clues,
    ) -> Resolved:
        """One of several products sharing a word: the linked one, the focused one, the one in the lineup..."""
        if len(candidates) == 1:
            return Resolved(candidates[0], source, confidence)
        if linked in candidates:
            return Resolved(linked, source, DISAMBIGUATED)
        fitting = [c for c in candidates if self._offers(c, clues)]
        # The product on screen wins unless it lacks what is asked and another has it ("卫衣有军绿色吗").
        if focus in candidates and (focus in fitting or not fitting):
            return Resolved(focus, source, DISAMBIGUATED)
        lineup_order = {pid: i for i, pid in enumerate(lineup.values())}
        in_lineup = [c for c in candidates if c in lineup_order]
        if len(in_lineup) == 1:
            return Resolved(in_lineup[0], source, DISAMBIGUATED)
        pool = in_lineup or list(candidates)
        fitting = [c for c in pool if c in fitting]
        if len(fitting) == 1:
            return Resolved(fitting[0], source, BY_VARIANT)
        best = min(fitting or pool, key=lambda c: (lineup_order.get(c, len(lineup_order)), self.index.rank[c]))
        return Resolved(best, source, GUESS)

    def _offers(self, product_id: str, clues: Clues) -> bool:
        """Whether the product has every colour and size the comment asks for (and it asks for one)."""
        colours = [m for m in clues.colours if m.canonical]
        sizes = [m for m in clues.sizes if m.strong]
        if not colours and not sizes:
            return False
        options = self.options[product_id]
        return all(options.colour_for(m.canonical or "") for m in colours) and all(
            options.size_for(m.canonical) for m in sizes)
