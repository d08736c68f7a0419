"""One product's options as its viewers write them, built from the product's own catalog labels.

Colours: the label, its pieces ("豆沙紫" -> 豆沙), a flavour's stem ("香辣味" -> 香辣, 辣的), shade codes
("#05", "05", "5号色"), the shop's colour_aliases, pinyin (full and initials), a generic colour word of the
label's family ("紫" -> 豆沙紫) and, last, a homophone ("雾霾篮") or a one-letter English slip ("blak").
Sizes: by the label's shape (shapes.py) plus letter words and relative words by the options' order.
Every reading is accepted only where it names one label of this product.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz.distance import OSA

from assistant.catalog.models import Product
from assistant.vocab import batteries
from assistant.vocab.brands import PHONE_MAKERS
from assistant.vocab.colour_words import COLOUR_WORDS, colour_family
from assistant.vocab.compound import container_forms, label_parts, numeral_forms, words_of
from assistant.vocab.counted import (
    SUFFIX_WORDS,
    Counted,
    CountedReader,
    CountedWord,
    in_count_range,
    same_count,
)
from assistant.vocab.english import english_forms
from assistant.vocab.label_forms import (
    CJK,
    CJK_RUN,
    GENERIC_COLOUR_WORDS,
    LABEL_SUFFIX,
    LETTER_CODE,
    NUMBERED_NAME,
    SHADE_CODE,
    SHADE_LABEL,
    colour_forms,
    mixed_forms,
    pinyin_forms,
    pinyin_of,
)
from assistant.vocab.lexicon import COLOUR_LEXICON, ColourMention
from assistant.vocab.shapes import (
    SizeShape,
    SizeWord,
    in_family,
    is_storage,
    matches,
    read_size_words,
    size_shape,
)
from assistant.vocab.sizes import LARGEST, SMALLEST, SizeMention, canonical_size
from assistant.vocab.text import CN_NUMERAL_CHARS, arabic, compile_fast, literal_alternation, normalise_term

_CJK_ONLY = re.compile(r"[\u3400-\u9fff]{3,}")
_ASKED_CODE = re.compile(r"#\s?\d{1,3}|(?<!\d)\d{1,3}\s?号色")
_CODE_AFTER = re.compile(r"色")
_DECIMAL = re.compile(r"(?<![\d.])\d\.\d{2}(?![\d.])")
# The words a viewer asks a measured dimension in ("有几斤装的", "多少毫升"), by the labels' base unit.
_MEASURE_WORDS = {"g": ("斤", "公斤", "克"), "ml": ("毫升", "升", "ml"), "cm": ("厘米", "公分", "米", "cm", "mm", "毫米"),
                  "gb": ("g", "gb", "内存")}
_HOW = {"g": "重", "cm": "长|宽|厚|高|大", "ml": "大"}  # "都有多厚的", "有多重的"
# People right after a count: who it counts ("两个老人", "三个人吃"), not a size of the product ("24寸行李箱" is).
_COUNTS_SOMETHING_ELSE = re.compile(r"(?:老|大|小|年轻|家)?(?:人|孩子?|宝宝|朋友|同事)")
# A letters-then-digit token inside a label of several words: a processor's "i7", a chip's "m2".
# A container counted in a label ("1L×2桶", "330ml×6罐"): the word alone names the labels sold in it.
_CONTAINERS = "桶罐坛"
_CONTAINER = re.compile(rf"[\d×*]\s?([{_CONTAINERS}])")
# Ports counted in a code ("2C1A", "3C1A": two USB-C and one USB-A)
_PORT_CODE = re.compile(r"(?<![a-z0-9])\d[a-z]\d[a-z](?![a-z0-9])")
_CODE_TOKEN = re.compile(r"(?<![a-z0-9])[a-z]{1,2}\d{1,2}(?![a-z0-9.])")
_ASCII_RUN = re.compile(r"(?<![a-z0-9])[a-z]+(?: [a-z]+)*(?![a-z])")
# Relative words by the options' order: "最大的", "大瓶", "小包装"; letter words (大码) come from sizes.py.
# "最重的哑铃", "最短的手链", "最厚的瑜伽垫": the largest or smallest of goods sized in that measure (g, cm).
_SUPERLATIVE = compile_fast(r"最(?P<w>重|轻|长|短|厚|薄|高|矮|宽|窄)")
_SUPERLATIVE_MEASURE = {"重": ("g", True), "轻": ("g", False), "长": ("cm", True), "短": ("cm", False),
                        "厚": ("cm", True), "薄": ("cm", False), "高": ("cm", True), "矮": ("cm", False),
                        "宽": ("cm", True), "窄": ("cm", False)}
_POWER_SUPERLATIVE = compile_fast(r"度数最(?P<w>高|低|大|小)|最(?P<w2>高|低)(?:的)?度数?")
_RELATIVE = compile_fast(r"(?P<w>最大|最小|(?<![多加最])[大小](?:瓶|包装|包|份|盒|袋|号|码|杯|的|桶|罐|箱|支))")
# Each word for an end of the options' order: its pattern, when it applies to the product, and which end it names.
_ENDS_OF_RANGE: tuple[tuple[re.Pattern[str], Callable[[ProductOptions, re.Match[str]], bool],
                            Callable[[re.Match[str]], bool]], ...] = (
    (_RELATIVE, lambda options, m: True, lambda m: "大" in m["w"]),
    (_POWER_SUPERLATIVE, lambda options, m: "power" in options.size_kinds, lambda m: (m["w"] or m["w2"]) in "高大"),
    (_SUPERLATIVE, lambda options, m: _SUPERLATIVE_MEASURE[m["w"]][0] in options.measures,
     lambda m: _SUPERLATIVE_MEASURE[m["w"]][1]),
)
# English words for options that are not colours but fill the colour slot (flavours, finishes).
# A label is named when it has every character of the word's value: "light roast" is 浅烘 and 浅度烘焙.
_ENGLISH_OPTION_WORDS = {"spicy": "辣", "original": "原味", "honey": "蜜", "clear": "透明", "transparent": "透明",
                         "light roast": "浅烘", "medium roast": "中烘", "dark roast": "深烘",
                         "rose": "玫瑰", "pepper": "椒", "peach": "蜜桃", "ivory": "象牙白"}
_ENGLISH_OPTION = re.compile(rf"(?<![a-z])(?:{'|'.join(_ENGLISH_OPTION_WORDS)})(?![a-z])")
# Chat abbreviations that are also some label's initials ("tm" 透明, "nb" 奶白): never read as pinyin alone.
_CHAT_ABBREVIATIONS = {"tm", "nb", "sb", "cp", "yyds", "xswl", "awsl", "zqsg", "nmsl", "hhh", "gg", "bb", "dd", "mm",
                       "pp", "qq", "xx", "kk", "cnm", "wc", "wtm", "sj", "zs", "ls", "bt", "bs", "dm", "lz"}
# Words for sizes of no shape of their own: a diaper's NB.
SIZE_SYNONYMS = {"新生儿": "nb", "初生": "nb", "newborn": "nb", "new born": "nb"}
_SIZE_CUE = compile_fast(r"[?？吗呢么没]|码|号|size|还有|有货|in stock|available|do you have")


@dataclass
class OptionReading:
    """What a comment says about one product's options, in the product's own labels."""

    colours: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    size_family: list[str] = field(default_factory=list)  # "70" of 70A/70B: several labels, none exact
    colour_family: list[str] = field(default_factory=list)  # "蓝" where two blues exist
    unknown_colour: str | None = None
    unknown_size: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def names_something(self) -> bool:
        return bool(self.colours or self.sizes or self.size_family or self.colour_family)


class ProductOptions:
    def __init__(self, product: Product) -> None:
        self.product = product
        self.colour_labels = product.colours()
        self.size_labels = product.sizes()
        models = any(size_shape(s).kind == "model" for s in self.size_labels)
        storage = self._storage = is_storage(self.size_labels)
        self.shapes: dict[str, SizeShape] = {s: size_shape(s, models, storage) for s in self.size_labels}
        # Labels of several sizes ("5kg(10斤)", "宽3米×高2.7米"): each piece by its shape (vocab/compound.py).
        self._parts = {label: _as_storage(parts) if storage else parts for label, shape in self.shapes.items()
                       if shape.kind == "other" and (parts := label_parts(normalise_term(label)))}
        units = {count.unit for _, count in self._counts}
        ages = {"个月" for shape in self.shapes.values() if shape.count and shape.count.ages}
        self._counted = CountedReader(units | ages) if units else None
        # "分几段", "有几寸", "度数有哪些", "有哪些年龄段": the product's own unit asked for as a dimension.
        cjk_units = sorted(u for u in units if not u.isascii()) + (["年龄段", "年龄"] if "岁" in units else [])
        # and the words of what it is measured in: "几斤装", "多少毫升", "都有多厚的" of goods sold by weight,
        # volume or length
        measured = self.measures
        cjk_units += sorted({w for family in measured for w in _MEASURE_WORDS.get(family, ())})
        self._asks_unit = compile_fast(
            rf"(?:几|多少|哪些|哪几)(?:个|种)?(?:{literal_alternation(cjk_units)})|(?:{literal_alternation(cjk_units)})数"
            rf"|(?:有哪些|哪些)(?:{literal_alternation(cjk_units)})"
            + (rf"|都?有多(?:{'|'.join(sorted({_HOW[f] for f in measured if f in _HOW}))})的" if measured & set(_HOW) else "")
        ) if cjk_units else None
        kinds = {shape.kind for shape in self.shapes.values()} | {
            part.kind for parts in self._parts.values() for part in parts}
        if any(shape.kind == "number" and (shape.value or 10) < 10 for shape in self._all_shapes):
            kinds.add("small_number")  # a ring's "7号", a hook's "3号 50枚"
        if any(shape.key == "measured" for shape in self.shapes.values()):
            kinds.add("measured")  # "us 8.5", "美码9", "56圈口"
        if "height_fit" in kinds:
            kinds.add("band_cup")  # "74a" of a trousers' "170/74A"
        if "range" in kinds:
            kinds.add("quantity")  # "22cm" of XS(颈围20-25cm)
        # The words for what a range measures ("颈围" of 颈围20-25cm): naming the size, not other talk.
        self._range_words = frozenset(p.key for parts in self._parts.values() for p in parts
                                      if p.kind == "range" and p.key)
        self.size_kinds: frozenset[str] = frozenset(kinds)
        self._size_by_written = {normalise_term(label): label for label in self.size_labels}
        # Labels of no known shape ("NB" diapers, "均码"): the label itself, and the few words that name it.
        codes: dict[str, str] = {}
        shorter: dict[str, set[str]] = {}  # "中型" of 中型犬, "medium sized": kept where one label has it
        for label, shape in self.shapes.items():
            if shape.kind == "other" and shape.key:
                codes[shape.key] = label
                codes.update(dict.fromkeys((w for w, key in SIZE_SYNONYMS.items() if key == shape.key), label))
                short = {shape.key[:-1]} if len(shape.key) >= 3 and CJK.match(shape.key[-1]) else set()
                short |= words_of(shape.key)  # "尝鲜装" of 2.5kg尝鲜装, "双电" of 12V双电
                short |= set(_CODE_TOKEN.findall(shape.key))  # "i7" of a laptop's "i7 32G 1T"
                short |= set(_PORT_CODE.findall(shape.key))  # "3c1a" of a charger's "100W 3C1A"
                short |= {m[1] for m in _CONTAINER.finditer(shape.key)}  # "桶" of 1L×2桶: "有小桶吗", "桶装的"
                short |= {w for part in self._parts.get(label, ()) if part.count  # "加大" of 803XL 加大容量
                          for w in SUFFIX_WORDS.get(part.count.unit, ())}
                if pair := re.fullmatch(r"(\d{2})\s(\d{2})", shape.key):  # a slipper's "40-41" as "4041", "40到41"
                    short |= {pair[1] + pair[2], f"{pair[1]}到{pair[2]}", f"{pair[1]}~{pair[2]}"}
                codes_inside = {p.key for p in self._parts.get(label, ()) if p.kind == "other" and p.key}
                short |= {w for w, key in SIZE_SYNONYMS.items() if key in codes_inside}  # "新生儿" of NB(0-5kg)
                short |= codes_inside | {f"{code}码" for code in codes_inside}
                for word in short | english_forms(label) | numeral_forms(shape.key) | container_forms(shape.key):
                    shorter.setdefault(word, set()).add(label)
        for label, shape in self.shapes.items():
            if shape.kind == "tyre" and shape.value:  # a tyre by its rim alone: "17寸", "r17"
                for word in (f"{shape.value:g}寸", f"r{shape.value:g}", f"{shape.value:g}英寸"):
                    shorter.setdefault(word, set()).add(label)
        codes |= {w: next(iter(ls)) for w, ls in shorter.items() if len(ls) == 1 and w not in codes}
        # Words several labels share ("大果" of 5斤装 大果 and 10斤装 大果): none alone, one with another piece.
        self._shared = {w: frozenset(ls) for w, ls in shorter.items() if len(ls) > 1 and w not in codes}
        self._shared_pattern = _pattern(list(self._shared)) if self._shared else None
        self._size_codes = codes
        self._size_code_pattern = _pattern(list(codes)) if codes else None
        ranking = {s: _ranked_piece(self._parts[s], storage) if s in self._parts else self.shapes[s]
                   for s in self.size_labels}
        ordered = sorted(self.size_labels, key=lambda s: ranking[s].rank)
        # Labels of no order of their own beside ordered ones ("均码" among S/M/L): "the largest" is not known.
        comparable = len({ranking[s].rank[0] for s in ordered}) == 1 and (
            len(ordered) < 2 or all(ranking[s].has_place for s in ordered))
        self.smallest: str | None = ordered[0] if ordered and comparable else None
        self.largest: str | None = ordered[-1] if ordered and comparable else None
        self._ordered = ordered if comparable else []
        self._letters = {shape.key: label for label, shape in self.shapes.items() if shape.kind == "letter"}
        part_letters: dict[str, set[str]] = {}  # "M" of 170/88A(M) or M(54-58cm), where one label has it
        for label, parts in self._parts.items():
            for part in parts:
                if part.kind == "letter" and part.key:
                    part_letters.setdefault(part.key, set()).add(label)
        self._letters |= {key: next(iter(ls)) for key, ls in part_letters.items()
                          if len(ls) == 1 and key not in self._letters}
        zh_name = normalise_term(product.name.zh or "")
        by_form: dict[str, set[str]] = {}
        for label in self.colour_labels:
            for form in colour_forms(label, zh_name) | english_forms(label) | mixed_forms(label) | (
                    set() if self._letters else _grade_words(label)):
                by_form.setdefault(form, set()).add(label)
        for key, aliases in product.colour_aliases.items():
            keyed = self._label_for_key(key)
            if keyed is None:
                continue
            for alias in aliases:
                by_form.setdefault(normalise_term(alias), set()).add(keyed)
        # A piece of the product's own name ("雾霾" in a "雾霾蓝卫衣") names the product, not a colour.
        label_words = {normalise_term(label) for label in self.colour_labels}
        alias_words = {normalise_term(a) for values in product.colour_aliases.values() for a in values}
        self._whole_words = label_words | alias_words | {LABEL_SUFFIX.sub("", w) for w in label_words}
        # A whole word of a label stays its own though the name has it too ("素圈" of S925银 素圈 in 素圈镶钻戒指).
        label_tokens = label_words | {token for word in label_words for token in word.split()}
        self._form_label = {f: next(iter(ls)) for f, ls in by_form.items()
                            if len(ls) == 1 and (f not in zh_name or f in label_tokens)}
        # The label's own words and the shop's aliases, not English or pinyin: "red" names no lipstick alone.
        shade_labels = [label for label in self.colour_labels if SHADE_LABEL.search(normalise_term(label))]
        # A code as the label writes it ("01", "#01", not "#1" or "1号": those are also link numbers).
        own_words = {f for label in shade_labels for f in colour_forms(label, zh_name) if not re.search(r"\d|号色", f)}
        own_words |= {code for label in shade_labels for m in SHADE_LABEL.finditer(normalise_term(label))
                      for code in (m.group().lstrip("#"), "#" + m.group().lstrip("#"))}
        own_words |= {
            normalise_term(a) for key, values in product.colour_aliases.items() if self._label_for_key(key) in shade_labels
            for a in values}
        # A generic colour word ("黑色" of a charger's "35W 双口 黑色") names a colour of any product, not this one.
        self._shade_words = frozenset(f for f in own_words if f in self._form_label and f not in GENERIC_COLOUR_WORDS)
        # A variety's name of three or more characters and no colour word in it ("稻花香" of 五常稻花香, "贵妃芒"):
        # as much the product's own as a shade code, so it points at the product from another on screen.
        self._pointing_words = self._shade_words | {
            f for f, label in self._form_label.items() if len(f) >= 3 and _CJK_ONLY.fullmatch(f)
            and not COLOUR_LEXICON.find(f, inside_words=True) and f not in zh_name}
        self._forms = _pattern(list(self._form_label))
        pinyin: dict[str, set[str]] = {}
        for label in self.colour_labels:
            zh = label if CJK.search(label) else _zh_of(label)
            for form in pinyin_forms(normalise_term(zh)):
                pinyin.setdefault(form, set()).add(label)
        letter_keys = {k.lower() for k in self._letters if k}
        self._pinyin = {f: next(iter(ls)) for f, ls in pinyin.items() if len(ls) == 1 and f not in letter_keys}
        # Initials are weak: "hs 75b" is 黑色 75B, a lone "tm" or "nb" is chat.
        self._initials = {f for f in self._pinyin if len(f) <= 3} | (_CHAT_ABBREVIATIONS & set(self._pinyin))
        self._canonical = {label: COLOUR_LEXICON.canonical_of(label) for label in self.colour_labels}
        self._normalised = {label: normalise_term(label) for label in self.colour_labels}
        # For homophones: each label's Chinese runs with their syllables.
        runs = {(label, piece) for label, norm in self._normalised.items() for run in CJK_RUN.findall(norm)
                for piece in (run, LABEL_SUFFIX.sub("", run)) if len(piece) >= 2}
        self._sounds = [(label, run, [pinyin_of(ch) for ch in run]) for label, run in sorted(runs)]
        self._ascii_labels = [label.lower() for label in self.colour_labels if label.isascii() and len(label) >= 4]
        self._memo: dict[tuple[object, ...], OptionReading] = {}
        self._has_codes = any(SHADE_CODE.search(label) or NUMBERED_NAME.match(label)
                              for label in self._normalised.values())
        # "有没有C05" of a palette C01…W03: a code of the labels' own shape that no label has is no such shade.
        shapes = {re.sub(r"\d+", r"\\d{1,3}", re.sub(r"[a-z]", "[a-z]", m.group()))
                  for norm in self._normalised.values() for m in SHADE_LABEL.finditer(norm)
                  if LETTER_CODE.fullmatch(m.group()) and not re.match(r"\s\d", norm[m.end():])}
        shapes |= {r"\d\.\d{2}" for norm in self._normalised.values() if _DECIMAL.search(norm)}  # a lens's 1.56
        self._code_shape = re.compile(rf"(?<![a-z0-9#.])(?:{'|'.join(sorted(shapes))})(?![a-z0-9]|\s?\d)") if shapes else None
        self._has_codes = self._has_codes or bool(shapes)
        self._battery = bool(self.colour_labels) and all(batteries.is_battery_label(c) for c in self.colour_labels)
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

    def _label_for_key(self, key: str) -> str | None:
        wanted = normalise_term(key)
        for label in self.colour_labels:
            if normalise_term(label) == wanted or self._canonical_of(label) == wanted:
                return label
        return None

    @staticmethod
    def _canonical_of(label: str) -> str | None:
        return COLOUR_LEXICON.canonical_of(label)

    # Colours --------------------------------------------------------------------------------------------

    def own_colours(self, text: str) -> list[ColourMention]:
        """The product's own colour words (labels, pieces, codes, aliases, pinyin, English option words) in the text."""
        found = [ColourMention(m.group(), None, m.start(), m.end(), self._form_label[m.group()])
                 for m in self._forms.finditer(text)] if self._forms else []
        for m in _ENGLISH_OPTION.finditer(text) if " " in text or text.isascii() else ():
            labels = [label for label, norm in self._normalised.items()
                      if all(ch in norm for ch in _ENGLISH_OPTION_WORDS[m.group()])]
            if len(labels) == 1:  # "light roast" of 浅烘: as much the product's own word as 浅烘 itself
                found.append(ColourMention(m.group(), None, m.start(), m.end(), labels[0]))
        if self._pinyin:
            for m in _ASCII_RUN.finditer(text):
                label = self._pinyin.get(m.group().replace(" ", ""))
                words = m.group().split(" ")
                if label is None and len(words) > 1:  # "hs 75b": a run of letters, one of them the initials
                    for offset, word in enumerate(words):
                        if (label := self._pinyin.get(word)) is not None:
                            start = m.start() + sum(len(w) + 1 for w in words[:offset])
                            found.append(ColourMention(word, None, start, start + len(word), label))
                            break
                    continue
                if label is not None:
                    found.append(ColourMention(m.group(), None, m.start(), m.end(), label))
        return found

    def _before(self, text: str, mention: ColourMention, held: list[tuple[int, int]]) -> ColourMention:
        """The colour word ending where a word read before starts ("老年" of 老年猫 in "老年猫粮", 猫粮 the
        product), or a mention of no label."""
        cut = min((a for a, b in held if mention.start < a < mention.end), default=mention.start)
        word = text[mention.start : cut]
        if _overlaps(mention.start, cut, held) or (label := self._form_label.get(word)) is None:
            return ColourMention(mention.word, None, mention.start, mention.end, None)
        return ColourMention(word, None, mention.start, cut, label)

    def label_for(self, canonical: str, written: str = "") -> tuple[str | None, list[str]]:
        """The label for a generic colour word: (the one label, or None with the family's labels)."""
        exact = [label for label, known in self._canonical.items() if known == canonical]
        if len(exact) == 1:
            return exact[0], []
        family = colour_family(canonical)
        relatives = exact or [label for label, known in self._canonical.items()
                              if known and colour_family(known) == family]
        if len(relatives) > 1 and written:
            core = written.rstrip("色的")
            spelled = [label for label in relatives if core and core in self._normalised[label]]
            relatives = spelled or relatives
        if not relatives and (head := written.rstrip("色的")[:1]) and CJK.match(head):
            # a shade named by its colour head where none of the family is: "咖啡色" of 奶咖, "白色" of 米白
            relatives = [label for label in self._canonical
                         if LABEL_SUFFIX.sub("", self._normalised[label]).endswith(head)]
        return (relatives[0], []) if len(relatives) == 1 else (None, relatives)

    def _slip(self, text: str, taken: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
        """A homophone ("雾霾篮") or a one-letter English slip ("blak") of exactly one label."""
        hits: set[str] = set()
        where: dict[str, tuple[int, int]] = {}
        if self._sounds and CJK.search(text):
            sounds = [(i, pinyin_of(ch)) for i, ch in enumerate(text) if CJK.match(ch) and not _inside(i, taken)]
            for label, run, target in self._sounds:
                if not set(run) & set(text):
                    continue  # a homophone keeps at least one character of the label ("雾霾篮")
                for k in range(len(sounds) - len(run) + 1):
                    window = sounds[k : k + len(run)]
                    if window[-1][0] - window[0][0] != len(run) - 1:
                        continue
                    written = "".join(text[i] for i, _ in window)
                    if [s for _, s in window] == target and written != run and set(written) & set(run):
                        hits.add(label)
                        where[label] = (window[0][0], window[-1][0] + 1)
        if self._ascii_labels:
            for m in re.finditer(r"[a-z]{4,}", text):
                for label in self._ascii_labels:
                    if OSA.distance(m.group(), label) == 1:  # one slip: a letter wrong, missing, extra or swapped
                        hits.add(label)
                        where[label] = m.span()
        found = [label for label in self.colour_labels if label.lower() in hits or label in hits]
        if len(found) != 1:
            return None
        return found[0], where.get(found[0]) or where[found[0].lower()]

    # Reading ---------------------------------------------------------------------------------------------

    def read(self, text: str, letters: list[SizeMention], blocked: Sequence[tuple[int, int]] = (),
             named: Sequence[tuple[int, int]] = ()) -> OptionReading:
        """Colours and sizes this comment names for this product, in the order written."""
        key = (text, tuple(letters), tuple(blocked), tuple(named))
        known = self._memo.get(key)
        if known is None:
            if len(self._memo) > 4096:
                self._memo.clear()
            known = self._memo[key] = self._read(text, letters, list(blocked), list(named))
        return OptionReading(list(known.colours), list(known.sizes), list(known.size_family),
                             list(known.colour_family), known.unknown_colour, known.unknown_size, list(known.spans))

    def _read(self, text: str, letters: list[SizeMention], blocked: list[tuple[int, int]],
              named: list[tuple[int, int]]) -> OptionReading:
        out = OptionReading()
        taken = list(blocked)
        last_end = -1
        pinyin_found: list[ColourMention] = []
        for mention in sorted(self.own_colours(text), key=lambda m: (m.start, m.start - m.end)):
            # The product's name inside a longer colour word ("油" of 花生油) still names the product, and the colour.
            held = [span for span in taken if span not in named or not (
                mention.start <= span[0] and span[1] <= mention.end and span[1] - span[0] < mention.end - mention.start)]
            if _overlaps(mention.start, mention.end, held) and not (mention := self._before(text, mention, held)).label:
                continue
            if not mention.label:
                continue
            if _another_flavour(text, mention):  # "麻辣的" is not 香辣味's "辣的": another flavour the product lacks
                out.unknown_colour = out.unknown_colour or text[mention.start - 1 : mention.end - 1]
                taken.append((mention.start - 1, mention.end))
                continue
            if mention.word.isascii() and mention.word in self._pinyin and mention.label not in out.colours:
                pinyin_found.append(mention)
            if mention.start == last_end and mention.label not in out.colours[-1:] and (
                    mention.word not in self._whole_words):
                continue  # "小麦肤色" is 小麦色 said twice, not also 深肤色: a piece glued to another colour
            _add(out.colours, mention.label)
            taken.append((mention.start, mention.end))
            last_end = mention.end
        for mention in COLOUR_LEXICON.find(text):
            # glued to a colour already read it is part of it ("小麦肤色"), unless that one was whole ("黑色白色")
            if _overlaps(mention.start, mention.end, taken) or (
                    mention.start == last_end and out.colours and text[last_end - 1] != "色"):
                continue
            taken.append((mention.start, mention.end))
            label, family = self.label_for(mention.canonical or "", mention.word)
            if label:
                _add(out.colours, label)
            elif family:
                out.colour_family = family
            elif out.unknown_colour is None:
                out.unknown_colour = mention.word
        for m in _ENGLISH_OPTION.finditer(text) if text.isascii() or " " in text else ():
            for label, norm in self._normalised.items():
                if all(ch in norm for ch in _ENGLISH_OPTION_WORDS[m.group()]):
                    _add(out.colours, label)
                    taken.append(m.span())
        self._read_sizes(text, letters, taken, out)
        weak = [m for m in pinyin_found if m.word in self._initials]
        if weak and not out.sizes:
            for mention in weak:
                out.colours.remove(mention.label)  # type: ignore[arg-type]
                taken.remove((mention.start, mention.end))
        if not out.colours and named:  # "小白鞋": a colour inside the product's name, if the product has it
            for mention in COLOUR_LEXICON.find(text, inside_words=True):
                label, _ = self.label_for(mention.canonical or "", mention.word)
                if label and _inside(mention.start, named):
                    _add(out.colours, label)
        if not out.colours and not out.colour_family and self.colour_labels and (slip := self._slip(text, taken)):
            out.colours.append(slip[0])
            taken.append(slip[1])
            if out.unknown_colour:
                out.unknown_colour = None
        rest = blank_spans(text, taken) if not out.colours else ""
        code = (_ASKED_CODE.search(rest) or (self._code_shape and self._code_shape.search(rest))
                ) if rest and self._has_codes else None
        asked = code.group().strip() if code else batteries.asked_size(text, rest) if rest and self._battery else None
        if asked:
            out.unknown_colour = asked  # "#10" of a palette that stops at #08, "1号电池" of AA/AAA
        if out.colours and out.unknown_colour:
            out.unknown_colour = None
        self._never_a_false_no(out)
        out.spans = taken
        return out

    def _never_a_false_no(self, out: OptionReading) -> None:
        """A word asked for that one of the labels is or contains is never "no such option": "二十" of 20寸,
        "70" of 70A/70B, "紫" of 豆沙紫 name those labels (numbers compared as numbers, so "1" is not 10号)."""
        if out.unknown_size and not out.sizes:
            out.unknown_size = _named_instead(self.size_labels, out.unknown_size, out.sizes, out.size_family)
        if out.unknown_colour and not out.colours:
            out.unknown_colour = _named_instead(self.colour_labels, out.unknown_colour, out.colours, out.colour_family)

    def _read_counted(self, text: str, taken: list[tuple[int, int]], out: OptionReading,
                      pieces_read: list[tuple[int, int, frozenset[str]]]) -> None:
        """Sizes counted in the product's own units: "二十寸", "500度", "6个装", "stage 2", "3到6岁"."""
        for word in self._counted.read(text) if self._counted else ():
            if _overlaps(word.start, word.end, taken):
                continue
            if word.high is None and word.unit == "个月" and all(c.unit != "个月" for _, c in self._counts):
                continue  # "宝宝八个月喝几段": the baby's age, a question of advice, never "没有八个月"
            if self._size_code_pattern and (code := self._size_code_pattern.match(text, word.start)) and (
                    code.end() > word.end):
                continue  # "两支" of "两支礼盒" (双支礼盒): a longer word of a label, read as a code
            exact = list(dict.fromkeys(label for label, count in self._counts if same_count(count, word)))
            if not exact and self._own_size_of(text, word):
                continue  # "16.5cm" of 16.5cm【手围14-15cm】, not the 18cm one for a 15.5-16.5cm wrist: read as a size
            within = list(dict.fromkeys(label for label, count in self._counts
                                        if word.high is None and in_count_range(count, word.value)))
            if (exact or within) and all(label in self._parts for label in exact or within):
                pieces_read.append((word.start, word.end, frozenset(exact or within)))  # "6个装" of 小号 6个装
            if len(exact) == 1 or len(within) == 1:
                _add(out.sizes, (exact or within)[0])
            elif exact or within:
                out.size_family = exact or within
            elif not _COUNTS_SOMETHING_ELSE.match(text, word.end):  # "两个老人": a count of people, no size
                out.unknown_size = out.unknown_size or text[word.start : word.end].strip()  # "34英寸", "700度"
            taken.append((word.start, word.end))

    def _read_sizes(self, text: str, letters: list[SizeMention], taken: list[tuple[int, int]],
                    out: OptionReading) -> None:
        pieces_read: list[tuple[int, int, frozenset[str]]] = []  # where a piece of a compound label was read
        self._read_counted(text, taken, out, pieces_read)
        for m in self._size_code_pattern.finditer(text) if self._size_code_pattern else ():
            # "nb" is also chat ("牛逼"): as a size only with 码/size or a question beside it.
            if m.group() in _CHAT_ABBREVIATIONS and not _SIZE_CUE.search(text):
                continue
            if _overlaps(m.start(), m.end(), taken):
                continue
            if m.start() and text[m.start() - 1] in "超特加" and not _overlaps(m.start() - 1, m.start(), taken):
                out.unknown_size = out.unknown_size or text[m.start() - 1 : m.end()]  # "超大号" is no 大号
                taken.append((m.start() - 1, m.end()))
            else:
                _add(out.sizes, self._size_codes[m.group()])
                taken.append(m.span())
                if self._size_codes[m.group()] in self._parts:
                    pieces_read.append((m.start(), m.end(), frozenset({self._size_codes[m.group()]})))
        for m in self._shared_pattern.finditer(text) if self._shared_pattern else ():
            if not _overlaps(m.start(), m.end(), taken):
                pieces_read.append((m.start(), m.end(), self._shared[m.group()]))
        for word in read_size_words(text, self.size_kinds):
            if _overlaps(word.start, word.end, taken) or (self._has_codes and _CODE_AFTER.match(text, word.end)):
                continue  # "20号色" is a colour code the palette may lack, never a size 20号
            exact = [label for label, shape in self.shapes.items() if matches(shape, word)]
            family = [label for label, shape in self.shapes.items() if in_family(shape, word)]
            if word.kind == "number" and exact and (lettered := self._lettered_models(word.value)) and not any(
                    normalise_term(label) == text[word.start : word.end] for label in exact):
                # "803" beside 803 标准装 and 803XL 加大容量: either may be meant, never one as if certain ("680"
                # beside 680 and 680XL is the label 680 itself)
                exact, family = [], [*exact, *(label for label in lettered if label not in exact)]
                pieces_read.append((word.start, word.end, frozenset(family)))
            if not exact and len(family) == 1:  # "80的" of a bra sold in 75B, 75C and 80B: the one 80
                exact, family = family, []
            if not exact and not family:  # a piece of a label of several sizes: "10斤" of 5kg(10斤)
                pieces = self._labels_with_piece(word, measured_by=self._range_word_before(text, word.start) > 0)
                exact, family = (pieces, []) if len(pieces) == 1 else ([], pieces)
                if pieces:
                    pieces_read.append((word.start, word.end, frozenset(pieces)))
            start = word.start
            if exact or family:
                start -= self._range_word_before(text, start)
            if len(exact) == 1:
                _add(out.sizes, exact[0])
            elif family:
                out.size_family = family
            elif word.kind == "quantity" and not any(shape.unit == word.unit or (shape.unit, word.unit) == ("gb", "g")
                                                     for shape in self._all_shapes):
                continue  # "5m" asked of jerky sold by weight: no size of this product at all
            elif (written := text[word.start : word.end].strip()) in self._size_by_written:
                _add(out.sizes, self._size_by_written[written])  # never "no 12号" when 12号 is a label
            elif self._storage and word.kind == "quantity" and word.unit == "g" and (word.value or 0) < 16:
                continue  # "5G手机", "4g网络": a network generation, never a phone's storage
            elif word.strong or self._plausible(word):
                out.unknown_size = out.unknown_size or written.removesuffix("的")  # "iPhone16的": no 16
                pieces_read.append((word.start, word.end, frozenset()))  # "16cm的高枕": never 高枕14cm
            else:
                continue
            taken.append((start, word.end))
        for mention in letters:
            if _overlaps(mention.start, mention.end, taken):
                continue
            if mention.canonical in (SMALLEST, LARGEST) and self.smallest and self.largest:
                _add(out.sizes, self.smallest if mention.canonical == SMALLEST else self.largest)
            elif mention.canonical in self._letters:
                _add(out.sizes, self._letters[mention.canonical])
            elif mention.strong and not mention.canonical.replace(".", "").isdigit() and mention.canonical not in (
                    SMALLEST, LARGEST) and (self._letters or not self.size_labels):
                out.unknown_size = out.unknown_size or mention.canonical
            else:
                continue
            taken.append((mention.start, mention.end))
        if (smallest := self.smallest) and (largest := self.largest):
            for pattern, applies, names_largest in _ENDS_OF_RANGE:
                for m in pattern.finditer(text):
                    if not _overlaps(m.start(), m.end(), taken) and applies(self, m):
                        _add(out.sizes, self._end_in(m.group(), names_largest(m)) or (
                            largest if names_largest(m) else smallest))
                        taken.append(m.span())
        self._combine_pieces(text, pieces_read, taken, out)

    @staticmethod
    def _combine_pieces(text: str, pieces: list[tuple[int, int, frozenset[str]]], taken: list[tuple[int, int]],
                        out: OptionReading) -> None:
        """Pieces of compound labels written together name the one label having both ("五斤大果" of 5斤装 大果,
        "两米线套装"), or no label at all ("母蟹4两" of 母蟹3.0两 and 公蟹4.0两): never two labels at once."""
        pieces.sort()
        i = 0
        while i < len(pieces):
            j = i
            while j + 1 < len(pieces) and _written_together(text, pieces[j][1], pieces[j + 1][0], taken, (
                    frozenset.intersection(*(p[2] for p in pieces[i : j + 2])))) and not _alternatives(
                    text, pieces[j], pieces[j + 1]):
                j += 1
            group = pieces[i : j + 1]
            i = j + 1
            if len(group) < 2:
                if len(group[0][2]) > 1 and not out.sizes and not out.size_family:
                    out.size_family = sorted(group[0][2])  # "大果" alone: the labels having it
                    taken.append(group[0][:2])
                continue
            common = frozenset.intersection(*(labels for _, _, labels in group))
            named = set().union(*(labels for _, _, labels in group))
            out.sizes[:] = [s for s in out.sizes if s not in named]
            if set(out.size_family) <= named:
                out.size_family = []
            start, end = group[0][0], group[-1][1]
            taken.append((start, end))
            if len(common) == 1:
                _add(out.sizes, next(iter(common)))
            elif common:
                out.size_family = sorted(common)
            else:
                out.unknown_size = out.unknown_size or text[start:end]

    # The product finder asks these (comments/mentions.py, resolution.py): the same reader, not a second one.

    @property
    def shade_words(self) -> frozenset[str]:
        """Words of the product's shade labels ("999", "#999", "正红" of "#999 正红"): one alone points at it."""
        return self._shade_words

    @property
    def pointing_words(self) -> frozenset[str]:
        """Shade words and the longer names of varieties: one alone, anywhere, points at this product."""
        return self._pointing_words

    def colour_for(self, canonical: str) -> str | None:
        """The one label of a lexicon colour ("black" -> 黑色钛金属), or None (none, or several of the family)."""
        return self.label_for(canonical)[0]

    def size_for(self, canonical: str) -> str | None:
        """The label of a size word as sizes.find_sizes reads it: "XL", "42", "36.5", SMALLEST, LARGEST."""
        if canonical in (SMALLEST, LARGEST):
            return self.smallest if canonical == SMALLEST else self.largest
        if canonical in self._letters:
            return self._letters[canonical]
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
        values = [shape.value for shape in self._all_shapes if shape.kind == "number" and shape.unit and shape.value]
        return bool(values) and min(values) <= number <= max(values)

    def asks_own_dimension(self, text: str) -> bool:
        """Whether the text asks which of the product's own counted sizes there are ("米粉分几段")."""
        return bool(self._asks_unit and self._asks_unit.search(text))

    def _own_size_of(self, text: str, word: CountedWord) -> bool:
        """Whether a figure in a range's unit is also a label's own size, not after the range's word ("手围16.5")."""
        return word.high is None and not self._range_word_before(text, word.start) and any(
            shape.kind == "quantity" and shape.unit == "cm" and word.unit == "cm" and shape.value == word.value
            for shape in self._all_shapes)

    def _range_word_before(self, text: str, start: int) -> int:
        """The length of a range's word ("手围" of 手围14-15cm) written right before this position, or 0."""
        return next((len(w) for w in self._range_words if text.endswith(w, 0, start)), 0)

    def _end_in(self, words: str, largest: bool) -> str | None:
        """An end of the order among the labels sold in the container named ("大罐" of 330ml×6罐 and 500ml×12罐
        beside 1L×2桶 is the 500ml cans); None when the words name no container only some labels are sold in."""
        container = next((c for c in words if c in _CONTAINERS), None)
        inside = [label for label in self._ordered if container and container in label]
        if not inside or len(inside) == len(self._ordered):
            return None
        return inside[-1] if largest else inside[0]

    def _labels_with_piece(self, word: SizeWord, measured_by: bool) -> list[str]:
        """The labels with a piece this size word names. A figure that is one label's own size and inside another's
        range ("16.5cm" of 16.5cm【手围14-15cm】 and 18cm【手围15.5-16.5cm】) is that size, unless written after the
        range's word ("手围16.5": the wrist the other is for)."""
        pieces = {label: [p for p in parts if matches(p, word)] for label, parts in self._parts.items()}
        pieces = {label: found for label, found in pieces.items() if found}
        preferred = [label for label, found in pieces.items() if any((p.kind == "range") == measured_by for p in found)]
        return preferred if preferred and len(pieces) > 1 else list(pieces)

    def _lettered_models(self, value: float | None) -> list[str]:
        """The labels of a model number with a letter ("680XL", "803XL 加大容量") whose number is this."""
        return [label for label, count in self._counts
                if count.value == value and count.unit.isascii() and not count.is_range and count.unit != "u"]

    @cached_property
    def _counts(self) -> list[tuple[str, Counted]]:
        """Each label counted in a unit, and each counted piece of a label of several ("6个装" of 小号 6个装), with
        its count: read on every comment that has a count in it."""
        whole = [(label, shape.count) for label, shape in self.shapes.items() if shape.count]
        return whole + [(label, part.count) for label, parts in self._parts.items() for part in parts if part.count]

    @cached_property
    def measures(self) -> frozenset[str]:
        """The base units the sizes are measured in ("g" of 5kg*2, "cm" of 16cm or 6mm)."""
        return frozenset(shape.unit for shape in self._all_shapes if shape.kind in ("quantity", "range") and shape.unit)

    @cached_property
    def _all_shapes(self) -> list[SizeShape]:
        """Every label's shape and every piece of a label of several sizes."""
        return [*self.shapes.values(), *(part for parts in self._parts.values() for part in parts)]

    @cached_property  # read on every comment: the labels do not change
    def measures_sold(self) -> frozenset[str]:
        """What body-measure-like words name this product's own sizes: "1米8" a bed width (length), "15公斤"
        a bag of dog food (weight), "170/74" a trousers' 号型 (height_fit), not the viewer's height or weight."""
        found = set()
        for shape in self._all_shapes:
            if shape.unit == "cm" or shape.kind == "dims":
                found.add("length")
            elif shape.unit == "g":
                found.add("weight")
            elif shape.kind == "height_fit":
                found.add("height_fit")
            elif shape.kind == "tyre":
                found.add("height_fit")  # "205/55R16" is no viewer's height/weight, as 170/74A is none
        if any(_DECIMAL.search(norm) for norm in self._normalised.values()):
            found.add("length")  # "1.67" of lenses sold in 1.56/1.74 is an index, not the viewer's 1.67 m
        return frozenset(found)

    def _plausible(self, word: SizeWord) -> bool:
        """A bare number near the product's own number sizes ("33" for waists 26-34) is a size it lacks."""
        values = [shape.value for shape in self.shapes.values() if shape.kind == "number" and shape.value]
        return bool(values) and word.kind == "number" and min(values) * 0.8 <= (word.value or 0) <= max(values) * 1.25


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def labels_naming(labels: Sequence[str], word: str) -> list[str]:
    """The labels a written word is, or is part of, with Chinese numerals read as numbers (cn2an)."""
    asked = arabic(normalise_term(word)).replace(" ", "")
    asked = asked.removesuffix("码").removesuffix("色").removesuffix("的") or asked
    figures, rest = set(_FIGURE.findall(asked)), _FIGURE.sub("", asked)
    found = []
    for label in labels:
        plain = arabic(normalise_term(label)).replace(" ", "")
        if asked.isascii() and asked.isalpha():
            same = asked == plain  # "L" is not "XL"
        elif figures:
            same = figures <= set(_FIGURE.findall(plain)) and _rest_in(rest, _FIGURE.sub(" ", plain))
        else:
            same = asked in plain
        if same:
            found.append(label)
    return found


def _rest_in(rest: str, plain: str) -> bool:
    """The asked word's letters are the start of the label's words ("15u" is no "15 plus"); other characters as
    written inside it."""
    words = re.findall(r"[a-z]+", plain)
    return all(any(w.startswith(token) for w in words) for token in re.findall(r"[a-z]+", rest)) and (
        re.sub(r"[a-z]+", "", rest) in re.sub(r"[a-z]+", "", plain) if not rest.isascii() else True)


# A grade in the colour slot by its size character ("特级大果", "一级中果", "小颗"): the English a viewer uses for it.
# Not on products with letter sizes, where "large" / "small" are sizes.
_GRADE_WORDS = {"大": ("big", "large", "bigger"), "中": ("medium", "middle"), "小": ("small", "little", "smaller")}


def _grade_words(label: str) -> set[str]:
    text = normalise_term(label)
    colours = [(m.start, m.end) for m in COLOUR_LEXICON.find(text, inside_words=True)]
    grades = {ch for i, ch in enumerate(text) if ch in _GRADE_WORDS and not _inside(i, colours)}
    return set(_GRADE_WORDS[grades.pop()]) if len(grades) == 1 else set()


def _named_instead(labels: list[str], asked: str, exact: list[str], family: list[str]) -> str | None:
    """The labels an "unknown" word names go to exact (one) or family (several); the word stays unknown if none."""
    named = labels_naming(labels, asked)
    if len(named) == 1:
        exact.append(named[0])
    elif named:
        family[:] = named
    return None if named else asked


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


def _zh_of(label: str) -> str:
    words = [w for w in COLOUR_WORDS.get(label.lower(), ()) if CJK.search(w)]
    with_suffix = [w for w in words if w.endswith("色")]
    return (with_suffix or words or [label])[0]


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ascii_words = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    # Words with Chinese first: at one position "1.74折射率" is the whole label, not its figure "1.74".
    return compile_fast(rf"{literal_alternation(other)}|(?<![a-z0-9#])(?:{literal_alternation(ascii_words)})(?![a-z0-9])"
                        if other else rf"(?<![a-z0-9#])(?:{literal_alternation(ascii_words)})(?![a-z0-9])")


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _alternatives(text: str, first: tuple[int, int, frozenset[str]], second: tuple[int, int, frozenset[str]]) -> bool:
    """Two pieces of one shape naming different labels are two sizes asked ("3号5号各两包"), not one label."""
    def shape(piece: tuple[int, int, frozenset[str]]) -> str:
        return re.sub(rf"[\d.{CN_NUMERAL_CHARS}]+", "#", text[piece[0] : piece[1]])
    return bool(first[2]) and bool(second[2]) and not first[2] & second[2] and shape(first) == shape(second)


def _written_together(text: str, end: int, start: int, taken: list[tuple[int, int]], common: frozenset[str]) -> bool:
    """Two pieces with nothing between them but 的/装 or a space; or words already read, where the pieces are of
    one label ("803彩色加大": a colour between; "一箱 梅洛单支" are two sizes)."""
    if re.fullmatch(r"[\s的装]?", text[end:start]):
        return True
    gap = "".join(c for i, c in enumerate(text[end:start], end) if not any(a <= i < b for a, b in taken))
    return bool(common) and bool(re.fullmatch(r"[\s的装]*", gap))


def _add(items: list[str], label: str) -> None:
    if label not in items:
        items.append(label)


def _another_flavour(text: str, mention: ColourMention) -> bool:
    """A flavour's "辣的" glued after a character its label lacks ("麻辣的" of 香辣味) names another flavour."""
    if len(mention.word) != 2 or not mention.word.endswith("的") or mention.start == 0:
        return False
    before = text[mention.start - 1]
    return bool(CJK.match(before)) and before not in (mention.label or "") and before not in "要是买拍个那这有"


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]] | tuple) -> bool:
    return any(s < end and start < e for s, e in spans)


class ShadeIndex:
    """Which product a shade word belongs to across the catalog ("豆沙" -> the lipstick); with nothing on screen,
    also a variety's name ("稻花香" -> the rice). With a product on screen a variety's name may be one it lacks
    ("有巧克力味吗" of a protein bar on screen), never another product's."""

    def __init__(self, options: Mapping[str, ProductOptions]) -> None:
        self._shade = self._owners({pid: o.shade_words for pid, o in options.items()})
        self._pointing = self._owners({pid: o.pointing_words for pid, o in options.items()})
        self._pattern = _pattern(sorted(self._shade.keys() | self._pointing.keys()))

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
