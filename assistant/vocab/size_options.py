"""One product's size labels as its viewers write them: each label's shape (shapes.py), the pieces of labels of
several sizes (compound.py), the words that name a label of no shape of its own ("尝鲜装", "3c1a", "桶"), the
units it is counted in and the order of its labels (最大, 最小). Reading a comment with them is size_reading.py."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from assistant.vocab.compound import container_forms, label_parts, numeral_forms, words_of
from assistant.vocab.counted import SUFFIX_WORDS, Counted, CountedReader, CountedWord
from assistant.vocab.english import english_forms
from assistant.vocab.label_forms import CJK
from assistant.vocab.reading import word_pattern
from assistant.vocab.shapes import SizeShape, SizeWord, is_storage, matches, size_shape
from assistant.vocab.sizes import LARGEST, SMALLEST, canonical_size
from assistant.vocab.text import compile_fast, literal_alternation, normalise_term

# The words a viewer asks a measured dimension in ("有几斤装的", "多少毫升"), by the labels' base unit.
_MEASURE_WORDS = {"g": ("斤", "公斤", "克"), "ml": ("毫升", "升", "ml"), "cm": ("厘米", "公分", "米", "cm", "mm", "毫米"),
                  "gb": ("g", "gb", "内存")}
_HOW = {"g": "重", "cm": "长|宽|厚|高|大", "ml": "大"}  # "都有多厚的", "有多重的"
# A container counted in a label ("1L×2桶", "330ml×6罐"): the word alone names the labels sold in it.
CONTAINERS = "桶罐坛"
_CONTAINER = re.compile(rf"[\d×*]\s?([{CONTAINERS}])")
# Ports counted in a code ("2C1A", "3C1A": two USB-C and one USB-A)
_PORT_CODE = re.compile(r"(?<![a-z0-9])\d[a-z]\d[a-z](?![a-z0-9])")
# A letters-then-digit token inside a label of several words: a processor's "i7", a chip's "m2".
_CODE_TOKEN = re.compile(r"(?<![a-z0-9])[a-z]{1,2}\d{1,2}(?![a-z0-9.])")
# Words for sizes of no shape of their own: a diaper's NB.
SIZE_SYNONYMS = {"新生儿": "nb", "初生": "nb", "newborn": "nb", "new born": "nb"}


class SizeOptions:
    """The size side of one product's options, built once from its labels."""

    def __init__(self, size_labels: list[str]) -> None:
        self.size_labels = size_labels
        models = any(size_shape(s).kind == "model" for s in size_labels)
        storage = self.storage = is_storage(size_labels)
        self.shapes: dict[str, SizeShape] = {s: size_shape(s, models, storage) for s in size_labels}
        # Labels of several sizes ("5kg(10斤)", "宽3米×高2.7米"): each piece by its shape (vocab/compound.py).
        self.parts = {label: _as_storage(parts) if storage else parts for label, shape in self.shapes.items()
                      if shape.kind == "other" and (parts := label_parts(normalise_term(label)))}
        units = {count.unit for _, count in self.counts}
        ages = {"个月" for shape in self.shapes.values() if shape.count and shape.count.ages}
        self.counted = CountedReader(units | ages) if units else None
        self._asks_unit = self._asking_words(units)
        kinds = {shape.kind for shape in self.shapes.values()} | {
            part.kind for parts in self.parts.values() for part in parts}
        if any(shape.kind == "number" and (shape.value or 10) < 10 for shape in self.all_shapes):
            kinds.add("small_number")  # a ring's "7号", a hook's "3号 50枚"
        if any(shape.key == "measured" for shape in self.shapes.values()):
            kinds.add("measured")  # "us 8.5", "美码9", "56圈口"
        if "height_fit" in kinds:
            kinds.add("band_cup")  # "74a" of a trousers' "170/74A"
        if "range" in kinds:
            kinds.add("quantity")  # "22cm" of XS(颈围20-25cm)
        # The words for what a range measures ("颈围" of 颈围20-25cm): naming the size, not other talk.
        self.range_words = frozenset(p.key for parts in self.parts.values() for p in parts
                                     if p.kind == "range" and p.key)
        self.size_kinds: frozenset[str] = frozenset(kinds)
        self.size_by_written = {normalise_term(label): label for label in size_labels}
        self._build_codes()
        ranking = {s: _ranked_piece(self.parts[s], storage) if s in self.parts else self.shapes[s]
                   for s in size_labels}
        ordered = sorted(size_labels, key=lambda s: ranking[s].rank)
        # Labels of no order of their own beside ordered ones ("均码" among S/M/L): "the largest" is not known.
        comparable = len({ranking[s].rank[0] for s in ordered}) == 1 and (
            len(ordered) < 2 or all(ranking[s].has_place for s in ordered))
        self.ordered = ordered if comparable else []
        # The labels at each end of the order; two at one end ("8cm 常规款" and "8cm 礼盒装" of ties 6cm/8cm/8cm)
        # name neither alone: "最宽的" is either.
        self.ends = {largest: [s for s in self.ordered if ranking[s].rank == ranking[self.ordered[-1 if largest else 0]].rank]
                     for largest in (False, True)} if self.ordered else {False: [], True: []}
        self.smallest: str | None = self.ends[False][0] if len(self.ends[False]) == 1 else None
        self.largest: str | None = self.ends[True][0] if len(self.ends[True]) == 1 else None
        self.letters = {shape.key: label for label, shape in self.shapes.items() if shape.kind == "letter"}
        part_letters: dict[str, set[str]] = {}  # "M" of 170/88A(M) or M(54-58cm), where one label has it
        for label, parts in self.parts.items():
            for part in parts:
                if part.kind == "letter" and part.key:
                    part_letters.setdefault(part.key, set()).add(label)
        self.letters |= {key: next(iter(ls)) for key, ls in part_letters.items()
                         if len(ls) == 1 and key not in self.letters}

    def _asking_words(self, units: set[str]) -> re.Pattern[str] | None:
        """"分几段", "有几寸", "度数有哪些", "有哪些年龄段": the product's own unit asked for as a dimension; and
        the words of what it is measured in: "几斤装", "多少毫升", "都有多厚的" of goods sold by weight, volume or
        length."""
        cjk_units = sorted(u for u in units if not u.isascii()) + (["年龄段", "年龄"] if "岁" in units else [])
        measured = self.measures
        cjk_units += sorted({w for family in measured for w in _MEASURE_WORDS.get(family, ())})
        if not cjk_units:
            return None
        words = literal_alternation(cjk_units)
        how = sorted({_HOW[f] for f in measured if f in _HOW})
        return compile_fast(rf"(?:几|多少|哪些|哪几)(?:个|种)?(?:{words})|(?:{words})数|(?:有哪些|哪些)(?:{words})"
                            + (rf"|都?有多(?:{'|'.join(how)})的" if how else ""))

    def _build_codes(self) -> None:
        """Labels of no known shape ("NB" diapers, "均码"): the label itself, and the few words that name it."""
        codes: dict[str, str] = {}
        shorter: dict[str, set[str]] = {}  # "中型" of 中型犬, "medium sized": kept where one label has it
        for label, shape in self.shapes.items():
            if shape.kind == "other" and shape.key:
                codes[shape.key] = label
                codes.update(dict.fromkeys((w for w, key in SIZE_SYNONYMS.items() if key == shape.key), label))
                for word in self._words_naming(label, shape.key):
                    shorter.setdefault(word, set()).add(label)
        for label, shape in self.shapes.items():
            if shape.kind == "tyre" and shape.value:  # a tyre by its rim alone: "17寸", "r17"
                for word in (f"{shape.value:g}寸", f"r{shape.value:g}", f"{shape.value:g}英寸"):
                    shorter.setdefault(word, set()).add(label)
        # A container another label also spells is not this one's alone: "罐" of 800g×2罐 is in 400g罐装 too
        # (a longer word inside another's is still its own: "大果" beside "特大果")
        for word, owners in shorter.items():
            if len(word) == 1 and CJK.match(word):
                owners |= {label for label in self.size_labels if word in normalise_term(label)}
        codes |= {w: next(iter(ls)) for w, ls in shorter.items() if len(ls) == 1 and w not in codes}
        # Words several labels share ("大果" of 5斤装 大果 and 10斤装 大果): none alone, one with another piece.
        self.shared = {w: frozenset(ls) for w, ls in shorter.items() if len(ls) > 1 and w not in codes}
        self.shared_pattern = word_pattern(list(self.shared)) if self.shared else None
        self.size_codes = codes
        self.size_code_pattern = word_pattern(list(codes)) if codes else None

    def _words_naming(self, label: str, key: str) -> set[str]:
        """The shorter words a viewer names a label of no shape by (each kept only where one label has it)."""
        short = {key[:-1]} if len(key) >= 3 and CJK.match(key[-1]) else set()
        short |= words_of(key)  # "尝鲜装" of 2.5kg尝鲜装, "双电" of 12V双电
        short |= set(_CODE_TOKEN.findall(key))  # "i7" of a laptop's "i7 32G 1T"
        short |= set(_PORT_CODE.findall(key))  # "3c1a" of a charger's "100W 3C1A"
        short |= {m[1] for m in _CONTAINER.finditer(key)}  # "桶" of 1L×2桶: "有小桶吗", "桶装的"
        short |= {w for part in self.parts.get(label, ()) if part.count  # "加大" of 803XL 加大容量
                  for w in SUFFIX_WORDS.get(part.count.unit, ())}
        if pair := re.fullmatch(r"(\d{2})\s(\d{2})", key):  # a slipper's "40-41" as "4041", "40到41"
            short |= {pair[1] + pair[2], f"{pair[1]}到{pair[2]}", f"{pair[1]}~{pair[2]}"}
        codes_inside = {p.key for p in self.parts.get(label, ()) if p.kind == "other" and p.key}
        short |= {w for w, code in SIZE_SYNONYMS.items() if code in codes_inside}  # "新生儿" of NB(0-5kg)
        short |= codes_inside | {f"{code}码" for code in codes_inside}
        return short | english_forms(label) | numeral_forms(key) | container_forms(key)

    # What the product finder and the replies ask -----------------------------------------------------------

    def size_for(self, canonical: str) -> str | None:
        """The label of a size word as sizes.find_sizes reads it: "XL", "42", "36.5", SMALLEST, LARGEST."""
        if canonical in (SMALLEST, LARGEST):
            return self.smallest if canonical == SMALLEST else self.largest
        if canonical in self.letters:
            return self.letters[canonical]
        return next((label for label in self.size_labels if canonical_size(label) == canonical), None)

    def has_figure(self, written: str) -> bool:
        """Whether a bare figure ("1.8") is the number of one of the size labels ("1.8L"), not a measure of its own."""
        written = written.strip()
        return bool(re.fullmatch(r"\d+\.\d", written)) and any(
            float(n) == float(written) for label in self.size_labels for n in re.findall(r"\d+(?:\.\d+)?", label))

    def numbered_like(self, written: str) -> bool:
        """A bare number of as many digits (three or more) as the product's own bare-number labels: "682" of ink
        sold as 680/680XL, "170" of kids' clothes sold as 100…150 (a size it lacks, not other talk)."""
        return written.isdigit() and len(written) >= 3 and any(
            shape.kind == "number" and not shape.unit and len(label) == len(written) for label, shape in self.shapes.items())

    def has_numbered(self, number: int) -> bool:
        """Labels "6号"…"13号" (ring sizes) or numbered pieces ("3号 50枚" of hooks): a bare "8号", or a "10号"
        they lack, is a size, not a link number."""
        values = [shape.value for shape in self.all_shapes if shape.kind == "number" and shape.unit and shape.value]
        return bool(values) and min(values) <= number <= max(values)

    def asks_own_dimension(self, text: str) -> bool:
        """Whether the text asks which of the product's own counted sizes there are ("米粉分几段")."""
        return bool(self._asks_unit and self._asks_unit.search(text))

    # What the size reader asks -----------------------------------------------------------------------------

    def own_size_of(self, text: str, word: CountedWord) -> bool:
        """Whether a figure in a range's unit is also a label's own size, not after the range's word ("手围16.5")."""
        return word.high is None and not self.range_word_before(text, word.start) and any(
            shape.kind == "quantity" and shape.unit == "cm" and word.unit == "cm" and shape.value == word.value
            for shape in self.all_shapes)

    def range_word_before(self, text: str, start: int) -> int:
        """The length of a range's word ("手围" of 手围14-15cm) written right before this position, or 0."""
        return next((len(w) for w in self.range_words if text.endswith(w, 0, start)), 0)

    def end_in(self, words: str, largest: bool) -> str | None:
        """An end of the order among the labels sold in the container named ("大罐" of 330ml×6罐 and 500ml×12罐
        beside 1L×2桶 is the 500ml cans); None when the words name no container only some labels are sold in."""
        container = next((c for c in words if c in CONTAINERS), None)
        inside = [label for label in self.ordered if container and container in label]
        if not inside or len(inside) == len(self.ordered):
            return None
        return inside[-1] if largest else inside[0]

    def end_by_measure(self, unit: str, largest: bool) -> str | None:
        """The heaviest or lightest (longest, shortest) label by its own figure in that unit, where the order of the
        labels is another: "最轻的" of rackets sold 3U(85-89g)…5U(75-79g) is 5U. None where labels tie or lack it."""
        valued: dict[str, float] = {}
        for label in self.size_labels:
            shapes = (self.shapes[label], *self.parts.get(label, ()))
            if (value := next((sh.value for sh in shapes if sh.unit == unit and sh.value is not None), None)) is not None:
                valued[label] = value
        if len(valued) < 2 or len(valued) < len(self.size_labels):
            return None
        end = (max if largest else min)(valued.values())
        ends = [label for label, value in valued.items() if value == end]
        return ends[0] if len(ends) == 1 else None

    def labels_with_piece(self, word: SizeWord, measured_by: bool) -> list[str]:
        """The labels with a piece this size word names. A figure that is one label's own size and inside another's
        range ("16.5cm" of 16.5cm【手围14-15cm】 and 18cm【手围15.5-16.5cm】) is that size, unless written after the
        range's word ("手围16.5": the wrist the other is for)."""
        pieces = {label: [p for p in parts if matches(p, word)] for label, parts in self.parts.items()}
        pieces = {label: found for label, found in pieces.items() if found}
        preferred = [label for label, found in pieces.items() if any((p.kind == "range") == measured_by for p in found)]
        return preferred if preferred and len(pieces) > 1 else list(pieces)

    def lettered_models(self, value: float | None) -> list[str]:
        """The labels of a model number with a letter ("680XL", "803XL 加大容量") whose number is this."""
        return [label for label, count in self.counts
                if count.value == value and count.unit.isascii() and not count.is_range and count.unit != "u"]

    def plausible(self, word: SizeWord) -> bool:
        """A bare number near the product's own number sizes ("33" for waists 26-34) is a size it lacks."""
        values = [shape.value for shape in self.shapes.values() if shape.kind == "number" and shape.value]
        return bool(values) and word.kind == "number" and min(values) * 0.8 <= (word.value or 0) <= max(values) * 1.25

    @cached_property
    def counts(self) -> list[tuple[str, Counted]]:
        """Each label counted in a unit, and each counted piece of a label of several ("6个装" of 小号 6个装), with
        its count: read on every comment that has a count in it."""
        whole = [(label, shape.count) for label, shape in self.shapes.items() if shape.count]
        return whole + [(label, part.count) for label, parts in self.parts.items() for part in parts if part.count]

    @cached_property
    def measures(self) -> frozenset[str]:
        """The base units the sizes are measured in ("g" of 5kg*2, "cm" of 16cm or 6mm)."""
        return frozenset(shape.unit for shape in self.all_shapes if shape.kind in ("quantity", "range") and shape.unit)

    @cached_property
    def all_shapes(self) -> list[SizeShape]:
        """Every label's shape and every piece of a label of several sizes."""
        return [*self.shapes.values(), *(part for parts in self.parts.values() for part in parts)]


def _as_storage(parts: tuple[SizeShape, ...]) -> tuple[SizeShape, ...]:
    """A phone's or laptop's "256G" inside "8+256G" is gigabytes, as its siblings' GB and TB say."""
    return tuple(replace(p, unit="gb") if p.kind == "quantity" and p.unit == "g" else p for p in parts)


def _ranked_piece(parts: tuple[SizeShape, ...], storage: bool) -> SizeShape:
    """The piece a label of several sizes is ordered by: the first ("XS" of XS(颈围20-25cm), "1.8m" of a bed's
    "1.8×2.0m 22cm"), or a device's largest storage ("1TB" of 16G+1TB, not its 16G of memory)."""
    if storage and (sized := [p for p in parts if p.unit == "gb"]):
        return max(sized, key=lambda p: p.value or 0)
    if parts[0].kind == "counted" and (measured := [p for p in parts if p.kind == "quantity"]):
        return measured[0]  # a baijiu's "53度 1L" by its volume, a racket's "3U(约88g)" by its weight
    return parts[0]
