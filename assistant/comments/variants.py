"""Which of a product's colour and size labels a comment asks for."""

from __future__ import annotations

import re

from assistant.comments.lexicon import COLOUR_LEXICON, ProductColours, ProductSizes, SizeMention
from assistant.comments.mentions import Mentions, inside
from assistant.comments.sizes import display_size

# "平时穿38" is the size the viewer usually wears, not the one asked about.
_USUAL_SIZE = re.compile(
    r"(?:平时|平常|一般|通常|日常|之前|以前|平日)都?(?:穿|买|拍|是)的?\s?(?:码数?|尺码)?\s?$"
    r"|(?:usually|normally|always|typically) (?:wear|take|buy|get|am)? ?(?:a |an |size )?$|i wear (?:a |size )?$"
)


def pick_colour(product: ProductColours | None, t: str, mentions: Mentions) -> tuple[str | None, str | None]:
    """(the product's label, a colour word it does not come in)."""
    colours = mentions.colours
    if product is None:
        return (colours[0].canonical if colours else None), None
    named = mentions.named_spans
    for mention in mentions.own_colours:
        if not inside(mention.start, named):
            return mention.label, None
    for mention in colours:
        if label := product.label_for(mention.canonical or ""):
            return label, None
    if colours:
        return None, colours[0].word
    # Colour words inside the product's own name count only if the product has that colour ("小白鞋").
    in_name = [m for m in COLOUR_LEXICON.find(t) if inside(m.start, named)] if named else []
    for mention in mentions.own_colours + in_name:
        if label := mention.label or product.label_for(mention.canonical or ""):
            return label, None
    return None, None


def asked_sizes(mentions: Mentions, size_advice: bool) -> list[SizeMention]:
    if not size_advice:
        return mentions.sizes
    scan = mentions.scan
    return [m for m in mentions.sizes if not _USUAL_SIZE.search(scan, max(0, m.start - 20), m.start)]


def pick_size(
    product: ProductSizes | None, sizes: list[SizeMention], size_advice: bool
) -> tuple[str | None, str | None]:
    """(the product's label, a size it does not come in)."""
    if size_advice and len({m.canonical for m in sizes}) > 1:
        return None, None  # "选M还是S": the viewer is choosing, not asking for one size
    strong = [m for m in sizes if m.strong]
    if product is None:
        return (display_size(strong[0].canonical) if strong else None), None
    for mention in sizes:
        if label := product.label_for(mention.canonical):
            return label, None
    return None, (display_size(strong[0].canonical) if strong else None)
