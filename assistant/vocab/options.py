"""One product's options as its viewers write them, built from the product's own catalog labels: the colour side
(colour_options.py) and the size side (size_options.py, read by size_reading.py), one reading of both per comment.
Every reading is accepted only where it names one label of this product."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cached_property

from assistant.catalog.models import Product
from assistant.vocab.brands import PHONE_MAKERS
from assistant.vocab.colour_options import ColourOptions
from assistant.vocab.lexicon import ColourMention
from assistant.vocab.reading import (
    DECIMAL,
    OptionReading,
    Span,
    labels_naming,
    named_instead,
    overlaps,
    word_pattern,
)
from assistant.vocab.shapes import SizeShape
from assistant.vocab.size_options import SizeOptions
from assistant.vocab.size_reading import read_sizes
from assistant.vocab.sizes import SizeMention
from assistant.vocab.text import compile_fast, literal_alternation, normalise_term

__all__ = ["OptionReading", "ProductOptions", "ShadeIndex"]

_FIGURED = re.compile(r"\d")
# A shade code with its name ("#12 雾霾紫", "01 大地棕", "1C0 象牙白"): read by the colour forms, not as a figure.
_CODED = re.compile(r"#|\d{1,3}\s+[\u4e00-\u9fff]|[a-z0-9]{2,4}\s", re.IGNORECASE)
# A metal by its fineness ("18K金", "S925银", "PT950"): named by its colour forms ("18k", "925银"), not as a figure.
# and a grade written with a dash ("5W-30"): half of it ("5w") names no label.
_METAL = re.compile(r"(?<!\d)\d{1,2}k|s?925|pt\d{3}|\d[a-z]-\d", re.IGNORECASE)


# The size of each fruit, not of the box: read among options of the colour slot measured in mm ("JJ级 26-28mm").
_FRUIT_SIZE = compile_fast(r"(?:个头|个儿|果径|果子|颗)(?:最大|最小)|(?:最大|最小)(?:个头|个儿|果径|颗)")


class ProductOptions:
    def __init__(self, product: Product) -> None:
        self.product = product
        self.sizes = SizeOptions(product.sizes())
        self.colours = ColourOptions(product, set(self.sizes.letters))
        self.colour_labels = self.colours.colour_labels
        # Options of the colour slot written as figures ("28调", "0.8号", "JJ级 26-28mm", "公4.0两/母3.0两"): read
        # by their shapes as sizes are, where no colour word names them ("37的2.7" of a rod's 37调 × 2.7米).
        figured = [label for label in self.colour_labels
                   if _FIGURED.search(label) and not _CODED.match(label) and not _METAL.search(label)]
        self._colour_figures = SizeOptions(figured) if figured else None
        self.size_labels = self.sizes.size_labels
        self._memo: dict[tuple[object, ...], OptionReading] = {}
        # Latin words of the labels ("iphone", "pro"): part of naming an option, not other talk.
        self.label_words = frozenset(w for label in (*self.colour_labels, *self.size_labels)
                                     for w in re.findall(r"[a-z]+", normalise_term(label)))
        # and their Chinese words ("日抛" of 日抛30片装 and 日抛5片体验装): see words_beside
        self._runs = {label: frozenset(re.findall(r"[\u4e00-\u9fff]{2,}", normalise_term(label)))
                      for label in (*self.colour_labels, *self.size_labels)}
        run_owners: dict[str, int] = {}
        for words in self._runs.values():
            for word in words:
                run_owners[word] = run_owners.get(word, 0) + 1
        self._shared_runs = frozenset(run for run, owners in run_owners.items() if owners > 1)
        # A phone maker's name before a model the shop labels without it ("华为mate60pro", "苹果15pro"), after a
        # word of asking or nothing: part of naming the model. ("买iphone 12" stays other talk.)
        self.naming_words = compile_fast(
            rf"(?:^|(?<=[\s有要拍的]))(?:{literal_alternation(PHONE_MAKERS)})(?=[\sa-z0-9]|$)"
        ) if "model" in self.size_kinds else None

    def words_beside(self, reading: OptionReading) -> list[str]:
        """The Chinese words of the labels a comment named and the words several labels share ("日抛的300度":
        日抛 of two packs): part of asking for an option, never other talk. Longest first."""
        named = (*reading.colours, *reading.sizes, *reading.colour_family, *reading.size_family)
        words = set(self._shared_runs).union(*(self._runs.get(label, frozenset()) for label in named))
        return sorted(words, key=len, reverse=True)

    def read(self, text: str, letters: list[SizeMention], blocked: Sequence[Span] = (),
             named: Sequence[Span] = ()) -> OptionReading:
        """Colours and sizes this comment names for this product, in the order written."""
        key = (text, tuple(letters), tuple(blocked), tuple(named))
        known = self._memo.get(key)
        if known is None:
            if len(self._memo) > 4096:
                self._memo.clear()
            known = self._memo[key] = self._read(text, letters, list(blocked), list(named))
        return OptionReading(list(known.colours), list(known.sizes), list(known.size_family),
                             list(known.colour_family), known.unknown_colour, known.unknown_size, list(known.spans))

    def _read(self, text: str, letters: list[SizeMention], taken: list[Span], named: list[Span]) -> OptionReading:
        out = OptionReading()
        pinyin_found = self.colours.read(text, taken, named, out)
        if self._colour_figures and not out.colours:  # a family named by a shared word: its figure narrows it
            self._read_colour_figures(self._colour_figures, text, taken, out)
        if self._colour_figures and not out.colours:
            self._read_fruit_size(self._colour_figures, text, taken, out)
        read_sizes(self.sizes, text, letters, taken, out, colour_codes=self.colours.has_codes)
        if self._colour_figures and out.colours and not out.unknown_size:
            # "点阵200页" of 点阵 120页: a figure of the colour slot no label has, and no size either
            probe = OptionReading()
            read_sizes(self._colour_figures, text, [], list(taken), probe, colour_codes=False, ends=False)
            if probe.unknown_size and not probe.sizes and not probe.size_family:
                out.unknown_colour, out.colours = probe.unknown_size, []
        self.colours.read_after_sizes(text, taken, named, out, pinyin_found)
        # A word asked for that one of the labels is or contains is never "no such option": "二十" of 20寸,
        # "70" of 70A/70B, "紫" of 豆沙紫 name those labels (numbers compared as numbers, so "1" is not 10号).
        if out.unknown_size and not out.sizes:
            out.unknown_size = named_instead(self.size_labels, out.unknown_size, out.sizes, out.size_family)
        if out.unknown_size and out.colours and labels_naming(out.colours, out.unknown_size):
            out.unknown_size = None  # "一百二十页点阵": the 120 is of 点阵 120页, the colour named, no size it lacks
        if out.unknown_colour and not out.colours:
            out.unknown_colour = named_instead(self.colour_labels, out.unknown_colour, out.colours, out.colour_family)
        out.spans = taken
        return out

    @staticmethod
    def _read_fruit_size(figures: SizeOptions, text: str, taken: list[Span], out: OptionReading) -> None:
        """"个头最小的车厘子" of cherries graded JJ级 26-28mm … JJJJ级 30-32mm: the grade by its diameter."""
        size_of = _FRUIT_SIZE.search(text)
        if size_of and not overlaps(size_of.start(), size_of.end(), taken) and (
                end := figures.end_by_measure("cm", "大" in size_of.group())):
            out.colours.append(end)
            taken.append(size_of.span())

    @staticmethod
    def _read_colour_figures(figures: SizeOptions, text: str, taken: list[Span], out: OptionReading) -> None:
        """The colour-slot options this comment names by their figures; only the words that name one alone are
        taken, so a figure of the size slot ("2.7" of 2.7米) is left to the sizes."""
        found = OptionReading()
        tried = list(taken)
        read_sizes(figures, text, [], tried, found, colour_codes=False, ends=False)
        if family := out.colour_family:  # "横线八十页" of 横线 80页 / 横线 120页: the figure picks one of them
            found.sizes = [label for label in found.sizes if label in family]
            found.size_family = [label for label in found.size_family if label in family]
        if not found.sizes and not found.size_family:
            return
        for start, end in tried[len(taken):]:
            alone = OptionReading()
            read_sizes(figures, " " * start + text[start:end] + " " * (len(text) - end), [], list(taken), alone,
                       colour_codes=False, ends=False)
            if alone.sizes or alone.size_family:
                taken.append((start, end))
        if found.sizes:
            out.colours.extend(found.sizes)
            out.colour_family = []
        else:
            out.colour_family = found.size_family

    # The product finder and the replies ask these (comments/mentions.py, resolution.py): the same reader.

    @property
    def shapes(self) -> dict[str, SizeShape]:
        return self.sizes.shapes

    @property
    def size_kinds(self) -> frozenset[str]:
        return self.sizes.size_kinds

    @property
    def smallest(self) -> str | None:
        return self.sizes.smallest

    @property
    def largest(self) -> str | None:
        return self.sizes.largest

    @property
    def measures(self) -> frozenset[str]:
        """The base units the sizes are measured in ("g" of 5kg*2, "cm" of 16cm or 6mm)."""
        return self.sizes.measures

    @property
    def shade_words(self) -> frozenset[str]:
        """Words of the product's shade labels ("999", "#999", "正红" of "#999 正红"): one alone points at it."""
        return self.colours.shade_words

    @property
    def pointing_words(self) -> frozenset[str]:
        """Shade words and the longer names of varieties: one alone, anywhere, points at this product."""
        return self.colours.pointing_words

    def own_colours(self, text: str) -> list[ColourMention]:
        """The product's own colour words (labels, pieces, codes, aliases, pinyin, English option words) in the text."""
        return self.colours.own_colours(text)

    def label_for(self, canonical: str, written: str = "") -> tuple[str | None, list[str]]:
        """The label for a generic colour word: (the one label, or None with the family's labels)."""
        return self.colours.label_for(canonical, written)

    def colour_for(self, canonical: str) -> str | None:
        """The one label of a lexicon colour ("black" -> 黑色钛金属), or None (none, or several of the family)."""
        return self.colours.label_for(canonical)[0]

    def size_for(self, canonical: str) -> str | None:
        """The label of a size word as sizes.find_sizes reads it: "XL", "42", "36.5", SMALLEST, LARGEST."""
        return self.sizes.size_for(canonical)

    def has_figure(self, written: str) -> bool:
        """Whether a bare figure ("1.8") is the number of one of the size labels ("1.8L"), not a measure of its own."""
        return self.sizes.has_figure(written)

    def numbered_like(self, written: str) -> bool:
        """A bare number of as many digits as the product's own bare-number labels ("682" of ink sold as 680)."""
        return self.sizes.numbered_like(written)

    def has_numbered(self, number: int) -> bool:
        """Labels "6号"…"13号" or numbered pieces ("3号 50枚"), of either slot ("2.0号" of a fishing line): a bare
        "8号" is an option, not a link number."""
        return self.sizes.has_numbered(number) or bool(self._colour_figures and self._colour_figures.has_numbered(number))

    def asks_own_dimension(self, text: str) -> bool:
        """Whether the text asks which of the product's own counted sizes there are ("米粉分几段")."""
        return self.sizes.asks_own_dimension(text)

    @cached_property  # read on every comment: the labels do not change
    def measures_sold(self) -> frozenset[str]:
        """What body-measure-like words name this product's own sizes: "1米8" a bed width (length), "15公斤"
        a bag of dog food (weight), "170/74" a trousers' 号型 (height_fit), not the viewer's height or weight."""
        found = set()
        for shape in self.sizes.all_shapes:
            if shape.unit == "cm" or shape.kind == "dims":
                found.add("length")
            elif shape.unit == "g":
                found.add("weight")
            elif shape.kind == "height_fit":
                found.add("height_fit")
            elif shape.kind == "tyre":
                found.add("height_fit")  # "205/55R16" is no viewer's height/weight, as 170/74A is none
        if any(DECIMAL.search(norm) for norm in self.colours.normalised.values()):
            found.add("length")  # "1.67" of lenses sold in 1.56/1.74 is an index, not the viewer's 1.67 m
        return frozenset(found)


class ShadeIndex:
    """Which product a shade word belongs to across the catalog ("豆沙" -> the lipstick); with nothing on screen,
    also a variety's name ("稻花香" -> the rice). With a product on screen a variety's name may be one it lacks
    ("有巧克力味吗" of a protein bar on screen), never another product's."""

    def __init__(self, options: Mapping[str, ProductOptions]) -> None:
        self._shade = self._owners({pid: o.shade_words for pid, o in options.items()})
        self._pointing = self._owners({pid: o.pointing_words for pid, o in options.items()})
        self._pattern = word_pattern(sorted(self._shade.keys() | self._pointing.keys()))

    @staticmethod
    def _owners(words_of: Mapping[str, frozenset[str]]) -> dict[str, str]:
        """The words only one product has, and that product."""
        owners: dict[str, set[str]] = {}
        for product_id, words in words_of.items():
            for word in words:
                owners.setdefault(word, set()).add(product_id)
        return {w: ids.pop() for w, ids in owners.items() if len(ids) == 1}

    def find(self, text: str) -> tuple[str | None, str | None]:
        """The products the first shade word and the first pointing word in the text belong to, in one scan."""
        shade = pointing = None
        for match in self._pattern.finditer(text) if self._pattern else ():
            shade = shade or self._shade.get(match.group())
            pointing = pointing or self._pointing.get(match.group())
            if shade and pointing:
                break
        return shade, pointing
