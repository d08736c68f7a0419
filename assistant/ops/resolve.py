"""Turns what ops typed (a product word or id, a link number, colour and size words) into catalog variants.

Products are found by the shop's one product finder (assistant.vocab.products), and colour and size words go
through the shop's vocabulary (assistant.vocab), the same readers the comment
pipeline uses: "黑色" / "black" / "黑", "加大" / "XL", "36半" / "37.5", "1米8", "15pm", "#05" / "5号色" and the
shop's own colour_aliases mean the same thing to viewers and to ops.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.catalog.models import Catalog, Product, Variant
from assistant.errors import InvalidInput, NotFound
from assistant.vocab import colour_of, size_of
from assistant.vocab.products import product_finder
from assistant.vocab.text import normalise_term


@dataclass(frozen=True)
class Target:
    product: Product
    variants: list[Variant]
    colour: str | None = None
    size: str | None = None
    link: int | None = None


async def product_for_link(svc: object, stream_id: str, link: int) -> str:
    if not stream_id:
        raise NotFound("no live room is known, so link numbers mean nothing yet", code="unknown_link")
    state = await svc.streams.state(stream_id)  # type: ignore[attr-defined]
    if link not in state.lineup:
        raise NotFound(f"link {link} is not in the lineup of stream {stream_id}", code="unknown_link")
    return state.lineup[link]


def find_product(catalog: Catalog, word: str) -> tuple[Product, str | None]:
    """The one product a word names (id, SKU, name or alias) and the SKU when the word is one."""
    finder = product_finder(catalog)
    exact = finder.by_lower_id.get(word.strip().lower())
    if exact:
        return exact, None
    mentions = finder.find_exact(normalise_term(word))
    ids = list(dict.fromkeys(pid for m in mentions for pid in m.product_ids))
    if not ids:
        raise NotFound(f"no product in the catalog is called '{word}'", code="unknown_product")
    if len(ids) > 1:
        names = ", ".join(f"{pid} ({catalog.product(pid).display_name_en})" for pid in ids)  # type: ignore[union-attr]
        raise InvalidInput(f"'{word}' names several products: {names}; say which", code="ambiguous_product")
    sku = mentions[0].sku if len(mentions) == 1 and normalise_term(word) == mentions[0].word else None
    return catalog.product(ids[0]), sku  # type: ignore[return-value]


async def resolve_target(svc: object, stream_id: str, *, product: str | None = None, link: int | None = None,
                         colour: str | None = None, size: str | None = None) -> Target:
    catalog: Catalog = svc.catalog.catalog  # type: ignore[attr-defined]
    sku = None
    chosen: Product | None = None
    if link is not None:
        chosen = catalog.product(await product_for_link(svc, stream_id, link))
    if product:
        named, sku = find_product(catalog, product)
        if chosen is not None and named.id != chosen.id:
            raise InvalidInput(f"link {link} is {chosen.id}, not {named.id}", code="link_mismatch")
        chosen = named
    if chosen is None:
        raise InvalidInput("say which product: a name, a product id, a SKU or a link number", code="no_product")
    variants = [v for v in chosen.variants if sku is None or v.sku == sku]
    colour_label = size_label = None
    if colour:
        colour_label = _offered(colour_of(chosen, colour), "no_such_colour",
                                f"{chosen.id} has no colour '{colour}'; it comes in {', '.join(chosen.colours()) or 'one colour'}")
        variants = [v for v in variants if v.colour == colour_label]
    if size:
        size_label = _offered(size_of(chosen, size), "no_such_size",
                              f"{chosen.id} has no size '{size}'; sizes are {', '.join(chosen.sizes()) or 'one size'}")
        variants = [v for v in variants if v.size == size_label]
    if not variants:
        raise NotFound(f"{chosen.id} has no {colour_label or ''} {size_label or ''} variant".replace("  ", " "),
                       code="no_such_variant")
    return Target(chosen, variants, colour_label, size_label, link)


def _offered(label: str | None, code: str, refusal: str) -> str:
    """The product's own label for an option the caller named, or a 404 saying what it offers instead."""
    if label is None:
        raise NotFound(refusal, code=code)
    return label
