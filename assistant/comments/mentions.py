"""Everything a comment mentions: product words, link numbers, shade codes, colours, sizes, body measures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.comments import intents
from assistant.comments.measurements import Measurements, find_measurements
from assistant.vocab.lexicon import (
    COLOUR_LEXICON,
    ColourMention,
    LinkMention,
    SizeMention,
    find_links,
    find_sizes,
)
from assistant.vocab.options import ProductOptions, ShadeIndex
from assistant.vocab.products import ProductFinder, ProductHit
from assistant.vocab.text import CN_NUMERAL_CHARS

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Mentions:
    named: list[ProductHit]  # products by name or alias
    fragments: list[ProductHit]  # a piece of one product's name, only when none is named
    kinds: list[ProductHit]  # kinds of product ("风衣"), only when none is named
    broad: list[ProductHit]  # group words ("裤子"), only when no name or kind
    links: list[LinkMention]
    own_colours: list[ColourMention]  # code_product's own colour words ("999", "豆沙")
    code_product: str | None
    shade_product: str | None  # the product a shade word alone points at ("豆沙" with nothing on screen)
    colours: list[ColourMention]  # lexicon colours outside product names
    sizes: list[SizeMention]
    measurements: Measurements
    deictic: bool  # "这件", "this one", or the focused product's own shade code
    scan: str  # the text with names, codes, links and measures blanked

    @property
    def named_spans(self) -> list[Span]:
        return [(hit.start, hit.end) for hit in self.named]


def blank(text: str, spans: Sequence[Span]) -> str:
    """Spaces over spans, keeping offsets, so a shade code or link number is not read twice."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def inside(start: int, spans: Sequence[Span]) -> bool:
    return any(s <= start < e for s, e in spans)


def _in_said_link(t: str, position: int, links: Sequence[LinkMention]) -> bool:
    """Inside a link said as one ("5号链接", "link 5"), not a "#3" that may be a shade."""
    return any(link.definite and link.start <= position < link.end and ("链" in t[link.start:link.end] or "link"
               in t[link.start:link.end]) for link in links)


def _counted(t: str, hit: ProductHit) -> bool:
    """A one-character group word after a count is what is counted: "一包" of nappies is a pack, not a bag."""
    return hit.end - hit.start == 1 and hit.start > 0 and (t[hit.start - 1].isdigit()
                                                           or t[hit.start - 1] in CN_NUMERAL_CHARS + "单整每半")


def _overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s < end and start < e for s, e in spans)


class MentionReader:
    def __init__(self, index: ProductFinder, options: Mapping[str, ProductOptions]) -> None:
        self._index, self._options = index, options
        self._shades = ShadeIndex(options)

    def read(self, t: str, cjk: bool, focus: str | None, lineup: Mapping[int, str]) -> Mentions:
        named = self._inside_an_option(t, self._index.find_named(t), focus)
        named_spans = [(hit.start, hit.end) for hit in named]
        links = find_links(t)
        # A product's shade codes ("999", "#02") are colours, not sizes or link numbers.
        code_product = self._code_product(t, named, links, focus, lineup)
        own = self._options[code_product].own_colours(t) if code_product else []
        # "5号链接" is link 5 even on screen with batteries sold as 5号/7号
        own = [m for m in own if not _in_said_link(t, m.start, links)]
        taken = named_spans + [(m.start, m.end) for m in own]
        scan = blank(t, taken)
        links = [m for m in links if not _overlaps(m.start, m.end, taken)]
        if code_product:  # "8号" of a ring sold in 6号…13号 is its size, not link 8
            links = [m for m in links if m.definite or not self._options[code_product].has_numbered(m.number)]
        if code_product and self._options[code_product].shade_words:  # "#10" of a palette: a shade it lacks
            links = [m for m in links if t[m.start] != "#"]
        measurements = find_measurements(scan)
        scan = blank(scan, [(m.start, m.end) for m in links if m.definite] + list(measurements.spans))
        kinds = [] if named else self._index.find_kinds(t)
        kind_spans = [(hit.start, hit.end) for hit in kinds]
        fragments = [] if named else self._index.find_fragments(t)
        if fragments and focus:  # "天然" of a 天然矿泉水 inside "天然色钛", a colour of the phone on screen
            # and "地机" of a 扫地机 inside "落地机械款", words of the fan's own options (落地式, 机械款)
            focus_own = [(m.start, m.end) for m in self._options[focus].own_colours(t)]
            focus_own += self._options[focus].read(t, []).spans
            fragments = [hit for hit in fragments if not _overlaps(hit.start, hit.end, focus_own)]
        return Mentions(
            named=named,
            # "防晒" inside "防晒霜" (a sunscreen) does not point at the "防晒渔夫帽" hat.
            fragments=[hit for hit in fragments if not _overlaps(hit.start, hit.end, kind_spans)],
            kinds=kinds,
            broad=[] if named or kinds else [hit for hit in self._index.find_broad(t) if not _counted(t, hit)],
            links=links,
            own_colours=own,
            code_product=code_product,
            shade_product=code_product if own and code_product != focus and not named else None,
            colours=[m for m in COLOUR_LEXICON.find(t) if not inside(m.start, named_spans)],
            sizes=find_sizes(scan, cjk),
            measurements=measurements,
            deictic=bool(own and code_product == focus and not named) or bool(intents.DEICTIC.search(t)),
            scan=scan,
        )

    def _inside_an_option(self, t: str, named: list[ProductHit], focus: str | None) -> list[ProductHit]:
        """A name that is also part of another product's option is that option: "coffee protein bar" is the bar's
        咖啡味 (both named), "light roast" on screen with coffee is its 浅烘, not the ceiling light."""
        owners = {pid for hit in named for pid in hit.product_ids}
        kept = []
        for hit in named:
            others = [pid for pid in owners if pid not in hit.product_ids and pid in self._options]
            inside = any(m.start <= hit.start and hit.end <= m.end for pid in others
                         for m in self._options[pid].own_colours(t))
            if not inside and focus is not None and focus in self._options and focus not in hit.product_ids:
                inside = any(m.start <= hit.start and hit.end <= m.end and m.end - m.start > hit.end - hit.start
                             for m in self._options[focus].own_colours(t))  # the whole option is longer
            if not inside:
                kept.append(hit)
        return kept

    def names_a_variant(self, mentions: Mentions) -> bool:
        """A colour, or a size: explicit ("L码") or a bare number the product has ("43")."""
        if mentions.colours or mentions.own_colours:
            return True
        offered = self._options.get(mentions.code_product or "")
        # "18号" is as likely a link number: a size only if the product has it.
        linkish = [(m.start, m.end) for m in mentions.links if not m.definite]
        return any((m.strong and not _overlaps(m.start, m.end, linkish)) or (offered and offered.size_for(m.canonical))
                   for m in mentions.sizes)

    def _code_product(
        self, t: str, named: list[ProductHit], links: list[LinkMention], focus: str | None, lineup: Mapping[int, str]
    ) -> str | None:
        """The product whose own colour words to look for before numbers are read as sizes or links."""
        if named:
            return named[0].product_ids[0] if len(named[0].product_ids) == 1 else focus
        if focus and any(not _in_said_link(t, m.start, links) for m in self._options[focus].own_colours(t)):
            return focus  # "#03" on the eyeshadow palette is its shade, not link 3; "5号链接" is link 5
        linked = [lineup.get(m.number) for m in links if m.definite]
        # "2号 15pro" with nothing on screen: a bare number is the link's too.
        linked += [lineup.get(m.number) for m in links if not m.definite and not focus]
        if listed := next((pid for pid in linked if pid in self._options), None):
            return listed
        # "10公斤的稻花香" with coffee on screen: another product's variety and a size of its own the product on
        # screen lacks point at that product; the variety alone may be one the screen's product lacks
        shade, other = self._shades.find(t)
        if not focus:
            return other
        if other and other != focus and other in self._options and (
                self._options[other].read(t, []).sizes and not self._options[focus].read(t, []).sizes):
            return other
        return shade or focus
