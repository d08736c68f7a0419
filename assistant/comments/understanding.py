"""Deterministic understanding of a live-stream comment: intent, product, colour and size."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.catalog.models import Catalog
from assistant.comments import intents
from assistant.comments.lexicon import ColourMention, SizeMention
from assistant.comments.measurements import Measurements
from assistant.comments.mentions import MentionReader, blank
from assistant.comments.product_index import ProductIndex
from assistant.comments.resolution import Clues, ProductResolver
from assistant.comments.text import normalise
from assistant.comments.variants import asked_sizes, pick_colour, pick_size

Intent = Literal["availability", "size_advice", "other"]
AsksFor = Literal["variant", "colours", "sizes", "product"]

@dataclass(frozen=True)
class StreamContext:
    focus: str | None = None  # product id on screen now
    lineup: Mapping[int, str] = field(default_factory=dict)  # link_no -> product id


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    language: Literal["zh", "en"]
    product_id: str | None
    colour: str | None  # the resolved product's own label
    size: str | None  # the resolved product's own label
    confidence: float  # 0..1 confidence in product_id
    product_source: str | None  # "name", "alias", "link", "focus", "semantic", None
    asks_for: AsksFor
    height_cm: float | None = None
    weight_kg: float | None = None
    unknown_colour: str | None = None  # a colour asked for that the product does not come in
    unknown_size: str | None = None
    unknown_product: str | None = None  # a kind of product the catalog does not sell
    skip_reason: str | None = None  # "injection", "abuse", "chatter", None
    traditional: bool = False


# Stock-question words; what is left of a comment may name a product the word lists do not know.
_FUNCTION_WORDS = re.compile(
    r"还有|有没有|有货|请问|宝宝|姐妹|想要|颜色|尺码|[吗呢么嘛啊呀的了码号色这那个件还有没要我你吧哦喔哇嗯是在拍吧卖货~～!！?？,，.。\s\d]"
    r"|\b(?:is|are|the|a|an|in|do|does|you|u|have|any|still|size|left|available|stock|it|this|one|got|of|and|or"
    r"|please|pls|sell|sold|out)\b"
)


class CommentParser:
    def __init__(self, catalog: Catalog, semantic_match: Callable[[str], tuple[str, float] | None] | None = None):
        self._product_ids = {p.id for p in catalog.products}
        index = ProductIndex(catalog)
        self._resolver = ProductResolver(catalog, index)
        self._reader = MentionReader(index, self._resolver.colours, self._resolver.sizes)
        self._semantic_match = semantic_match

    def parse(self, text: str, context: StreamContext) -> Understanding:
        norm = normalise(text)
        t, language = norm.text, ("zh" if norm.has_cjk else "en")
        for reason, pattern in (("injection", intents.INJECTION), ("abuse", intents.ABUSE)):
            if pattern.search(t):
                return Understanding("other", language, None, None, None, 0.0, None, "product",
                                     skip_reason=reason, traditional=norm.traditional)  # fmt: skip
        focus = context.focus if context.focus in self._product_ids else None
        mentions = self._reader.read(t, norm.has_cjk, focus, context.lineup)
        colours_asked = bool(intents.COLOURS_ASKED.search(t))
        sizes_asked = bool(intents.SIZES_ASKED.search(t))
        has_subject = bool(
            mentions.named or mentions.fragments or mentions.links or mentions.kinds or mentions.broad or mentions.deictic
        )
        intent = self._intent(
            t, colours_asked or sizes_asked, self._reader.names_a_variant(mentions), has_subject, mentions.measurements
        )
        sizes = asked_sizes(mentions, intent == "size_advice")

        def semantic() -> tuple[str, float] | None:
            query = self._content_words(mentions.scan, mentions.colours, sizes)
            return self._semantic_match(query) if self._semantic_match and query else None

        clues = Clues(mentions.named, mentions.fragments, mentions.kinds, mentions.broad, mentions.links, mentions.colours, sizes,
                      mentions.deictic, mentions.shade_product, intent != "other")  # fmt: skip
        resolved = self._resolver.resolve(clues, focus, context.lineup, semantic if self._semantic_match else None)
        product_id = resolved.product_id
        if resolved.link and not resolved.link.definite:
            sizes = [m for m in sizes if not (resolved.link.start <= m.start < resolved.link.end)]
        if product_id and product_id != mentions.code_product:
            mentions = replace(mentions, own_colours=self._resolver.colours[product_id].find_own(t))
        colour, unknown_colour = pick_colour(self._resolver.colours.get(product_id or ""), t, mentions)
        size, unknown_size = pick_size(self._resolver.sizes.get(product_id or ""), sizes, intent == "size_advice")
        asks_for: AsksFor = (
            "colours" if colours_asked
            else "sizes" if sizes_asked
            else "variant" if colour or size or unknown_colour or unknown_size
            else "product"
        )  # fmt: skip
        chatter = intent == "other" and not intents.QUESTION.search(t)
        return Understanding(
            intent=intent,
            language=language,
            product_id=product_id,
            colour=colour,
            size=size,
            confidence=resolved.confidence if product_id else 0.0,
            product_source=resolved.source if product_id else None,
            asks_for=asks_for,
            height_cm=mentions.measurements.height_cm,
            weight_kg=mentions.measurements.weight_kg,
            unknown_colour=unknown_colour,
            unknown_size=unknown_size,
            unknown_product=resolved.unknown_product,
            skip_reason="chatter" if chatter else None,
            traditional=norm.traditional,
        )

    @staticmethod
    def _intent(t: str, asks_range: bool, has_variant: bool, has_subject: bool, measured: Measurements) -> Intent:
        if measured.height_cm or measured.weight_kg or intents.SIZE_ADVICE.search(t):
            return "size_advice"
        stock_words = asks_range or bool(intents.AVAILABILITY.search(t))
        if intents.OTHER_TOPIC.search(t) and not (stock_words and has_variant):
            return "other"
        if stock_words:
            return "availability"
        if intents.CHATTER.search(t):
            return "other"
        if has_variant or (has_subject and intents.WEAK_QUESTION.search(t)):
            return "availability"
        return "other"

    @staticmethod
    def _content_words(scan: str, colours: list[ColourMention], sizes: list[SizeMention]) -> str:
        """The comment without stock words, colours and sizes: what may name a product ("大衣")."""
        rest = _FUNCTION_WORDS.sub(" ", blank(scan, [(m.start, m.end) for m in (*colours, *sizes)]))
        return " ".join(word for word in rest.split() if len(word) >= 2)
