"""One product's colour labels as its viewers write them: the label, its pieces ("豆沙紫" -> 豆沙), a flavour's
stem ("香辣味" -> 香辣, 辣的), shade codes ("#05", "05", "5号色"), the shop's colour_aliases, pinyin (full and
initials), a generic colour word of the label's family ("紫" -> 豆沙紫) and, last, a homophone ("雾霾篮") or a
one-letter English slip ("blak"). Every form is kept only where it names one label of this product."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from assistant.catalog.models import Product
from assistant.vocab import batteries
from assistant.vocab.colour_words import COLOUR_WORDS, colour_family
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
    lazy_pinyin,
    mixed_forms,
    pinyin_forms,
    pinyin_of,
)
from assistant.vocab.lexicon import COLOUR_LEXICON, ColourMention
from assistant.vocab.reading import (
    CHAT_ABBREVIATIONS,
    DECIMAL,
    OptionReading,
    Span,
    add_label,
    blank_spans,
    inside,
    overlaps,
    word_pattern,
)
from assistant.vocab.text import normalise_term

_CJK_ONLY = re.compile(r"[\u3400-\u9fff]{3,}")
# A shared word said as what the viewer does not want ("茶色不偏光的" is not 茶色片(偏光)).
_NEGATED = re.compile(r"(?:不|无|没|没有|非|不要|不带)\s?$")
_ASKED_CODE = re.compile(r"#\s?\d{1,3}|(?<!\d)\d{1,3}\s?号色")
_ASCII_RUN = re.compile(r"(?<![a-z0-9])[a-z]+(?: [a-z]+)*(?![a-z])")
# English words for options that are not colours but fill the colour slot (flavours, finishes).
# A label is named when it has every character of the word's value: "light roast" is 浅烘 and 浅度烘焙.
_ENGLISH_OPTION_WORDS = {"spicy": "辣", "original": "原味", "honey": "蜜", "clear": "透明", "transparent": "透明",
                         "light roast": "浅烘", "medium roast": "中烘", "dark roast": "深烘",
                         "rose": "玫瑰", "pepper": "椒", "peach": "蜜桃", "ivory": "象牙白"}
_ENGLISH_OPTION = re.compile(rf"(?<![a-z])(?:{'|'.join(_ENGLISH_OPTION_WORDS)})(?![a-z])")
# A grade in the colour slot by its size character ("特级大果", "一级中果", "小颗"): the English a viewer uses for it.
# Not on products with letter sizes, where "large" / "small" are sizes.
_GRADE_WORDS = {"大": ("big", "large", "bigger"), "中": ("medium", "middle"), "小": ("small", "little", "smaller")}


class ColourOptions:
    """The colour side of one product's options, built once from its labels and aliases. letter_sizes: the
    product's letter sizes ("M" of 170/88A(M)), whose words are sizes, never a colour's initials or grade."""

    def __init__(self, product: Product, letter_sizes: set[str | None]) -> None:
        self.colour_labels = product.colours()
        zh_name = normalise_term(product.name.zh or "")
        by_form: dict[str, set[str]] = {}
        for label in self.colour_labels:
            for form in colour_forms(label, zh_name) | english_forms(label) | mixed_forms(label) | (
                    set() if letter_sizes else _grade_words(label)):
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
        self.whole_words = label_words | alias_words | {LABEL_SUFFIX.sub("", w) for w in label_words}
        # A whole word of a label stays its own though the name has it too ("素圈" of S925银 素圈 in 素圈镶钻戒指).
        label_tokens = label_words | {token for word in label_words for token in word.split()}
        self.form_label = {f: next(iter(ls)) for f, ls in by_form.items()
                           if len(ls) == 1 and (f not in zh_name or f in label_tokens)}
        self._build_shade_words(product, zh_name)
        self._forms = word_pattern(list(self.form_label))
        # Words several labels share ("日抛" of 冰川灰(日抛10片) and 琥珀棕(日抛10片), "非偏光"): none alone, and
        # with another word of the colour the one label having both ("冰川灰月抛"), or none ("混血蓝日抛").
        owners: dict[str, set[str]] = {}
        for label in self.colour_labels:
            for run in re.findall(r"[\u4e00-\u9fff]{2,}", normalise_term(label)):
                for word in {run, LABEL_SUFFIX.sub("", run)} - {""}:  # "落地式" of two fans is also said "落地"
                    if len(word) >= 2:
                        owners.setdefault(word, set()).add(label)
        self.shared = {run: frozenset(labels) for run, labels in owners.items() if len(labels) > 1
                       and run not in GENERIC_COLOUR_WORDS and run not in zh_name and run not in self.form_label}
        for run, labels in list(self.shared.items()):  # "不偏光" and "无偏光" are 非偏光
            if run.startswith("非") and len(run) > 2:
                self.shared.setdefault("不" + run[1:], labels)
                self.shared.setdefault("无" + run[1:], labels)
        self._shared_pattern = word_pattern(list(self.shared))
        pinyin: dict[str, set[str]] = {}
        for label in self.colour_labels:
            zh = label if CJK.search(label) else _zh_of(label)
            for form in pinyin_forms(normalise_term(zh)):
                pinyin.setdefault(form, set()).add(label)
        # and each Chinese word naming one label, in full pinyin ("chunqiu" of 春秋长袖, "naibai" of 奶白)
        for form, label in self.form_label.items():
            if 2 <= len(form) <= 4 and CJK_RUN.fullmatch(form):
                syllables = lazy_pinyin(form)
                if len(syllables) == len(form) and all(s.isascii() for s in syllables):
                    pinyin.setdefault("".join(syllables), set()).add(label)
        letter_keys = {k.lower() for k in letter_sizes if k}
        self.pinyin = {f: next(iter(ls)) for f, ls in pinyin.items() if len(ls) == 1 and f not in letter_keys}
        # Initials are weak: "hs 75b" is 黑色 75B, a lone "tm" or "nb" is chat.
        self.initials = {f for f in self.pinyin if len(f) <= 3} | (CHAT_ABBREVIATIONS & set(self.pinyin))
        self._canonical = {label: COLOUR_LEXICON.canonical_of(label) for label in self.colour_labels}
        self.normalised = {label: normalise_term(label) for label in self.colour_labels}
        # For homophones: each label's Chinese runs with their syllables.
        runs = {(label, piece) for label, norm in self.normalised.items() for run in CJK_RUN.findall(norm)
                for piece in (run, LABEL_SUFFIX.sub("", run)) if len(piece) >= 2}
        self._sounds = [(label, run, [pinyin_of(ch) for ch in run]) for label, run in sorted(runs)]
        self._ascii_labels = [label.lower() for label in self.colour_labels if label.isascii() and len(label) >= 4]
        # "有没有C05" of a palette C01…W03: a code of the labels' own shape that no label has is no such shade.
        shapes = {re.sub(r"\d+", r"\\d{1,3}", re.sub(r"[a-z]", "[a-z]", m.group()))
                  for norm in self.normalised.values() for m in SHADE_LABEL.finditer(norm)
                  if LETTER_CODE.fullmatch(m.group()) and not re.match(r"\s\d", norm[m.end():])}
        shapes |= {r"\d\.\d{2}" for norm in self.normalised.values() if DECIMAL.search(norm)}  # a lens's 1.56
        self._code_shape = re.compile(rf"(?<![a-z0-9#.])(?:{'|'.join(sorted(shapes))})(?![a-z0-9]|\s?\d)") if shapes else None
        self.has_codes = bool(shapes) or any(SHADE_CODE.search(label) or NUMBERED_NAME.match(label)
                                             for label in self.normalised.values())
        self._battery = bool(self.colour_labels) and all(batteries.is_battery_label(c) for c in self.colour_labels)

    def _build_shade_words(self, product: Product, zh_name: str) -> None:
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
        self.shade_words = frozenset(f for f in own_words if f in self.form_label and f not in GENERIC_COLOUR_WORDS)
        # A variety's name of three or more characters and no colour word in it ("稻花香" of 五常稻花香, "贵妃芒"):
        # as much the product's own as a shade code, so it points at the product from another on screen.
        self.pointing_words = self.shade_words | {
            f for f in self.form_label if len(f) >= 3 and _CJK_ONLY.fullmatch(f)
            and not COLOUR_LEXICON.find(f, inside_words=True) and f not in zh_name}

    def _label_for_key(self, key: str) -> str | None:
        wanted = normalise_term(key)
        for label in self.colour_labels:
            if normalise_term(label) == wanted or COLOUR_LEXICON.canonical_of(label) == wanted:
                return label
        return None

    def own_colours(self, text: str) -> list[ColourMention]:
        """The product's own colour words (labels, pieces, codes, aliases, pinyin, English option words) in the text."""
        found = [ColourMention(m.group(), None, m.start(), m.end(), self.form_label[m.group()])
                 for m in self._forms.finditer(text)] if self._forms else []
        for m in _ENGLISH_OPTION.finditer(text) if " " in text or text.isascii() else ():
            labels = [label for label, norm in self.normalised.items()
                      if all(ch in norm for ch in _ENGLISH_OPTION_WORDS[m.group()])]
            if len(labels) == 1:  # "light roast" of 浅烘: as much the product's own word as 浅烘 itself
                found.append(ColourMention(m.group(), None, m.start(), m.end(), labels[0]))
        if self.pinyin:
            for m in _ASCII_RUN.finditer(text):
                label = self.pinyin.get(m.group().replace(" ", ""))
                words = m.group().split(" ")
                if label is None and len(words) > 2:  # "jie zhi mei gui jin": the syllables of one label
                    found += self._spaced_pinyin(m.start(), words)
                    if found and found[-1].start >= m.start():
                        continue
                if label is None and len(words) > 1:  # "hs 75b": a run of letters, one of them the initials
                    for offset, word in enumerate(words):
                        if (label := self.pinyin.get(word)) is not None:
                            start = m.start() + sum(len(w) + 1 for w in words[:offset])
                            found.append(ColourMention(word, None, start, start + len(word), label))
                            break
                    continue
                if label is not None:
                    found.append(ColourMention(m.group(), None, m.start(), m.end(), label))
        return found

    def _spaced_pinyin(self, start: int, words: list[str]) -> list[ColourMention]:
        """Labels typed syllable by syllable among other words ("jie zhi mei gui jin" of 玫瑰金色), longest first;
        initials never: a run of short words is chat."""
        found: list[ColourMention] = []
        used: set[int] = set()
        for size in range(len(words), 1, -1):
            for first in range(len(words) - size + 1):
                span = set(range(first, first + size))
                joined = "".join(words[first : first + size])
                if span & used or joined in self.initials or (label := self.pinyin.get(joined)) is None:
                    continue
                used |= span
                begin = start + sum(len(w) + 1 for w in words[:first])
                found.append(ColourMention(" ".join(words[first : first + size]), None, begin,
                                           begin + len(" ".join(words[first : first + size])), label))
        return sorted(found, key=lambda m: m.start)

    def label_for(self, canonical: str, written: str = "") -> tuple[str | None, list[str]]:
        """The label for a generic colour word: (the one label, or None with the family's labels)."""
        exact = [label for label, known in self._canonical.items() if known == canonical]
        if len(exact) == 1:
            return exact[0], []
        family = colour_family(canonical)
        relatives = exact or [label for label, known in self._canonical.items()
                              if known and colour_family(known) == family]
        if not exact and family != canonical and written:
            # a shade of its own ("玫瑰金", "浅灰") is no other shade of its family: only a label spelling it
            core = written.rstrip("色的")
            relatives = [label for label in relatives if core in self.normalised[label]]
        if len(relatives) > 1 and written:
            core = written.rstrip("色的")
            spelled = [label for label in relatives if core and core in self.normalised[label]]
            relatives = spelled or relatives
        if not relatives and (head := written.rstrip("色的")[:1]) and CJK.match(head):
            # a shade named by its colour head where none of the family is: "咖啡色" of 奶咖, "白色" of 米白
            relatives = [label for label in self._canonical
                         if LABEL_SUFFIX.sub("", self.normalised[label]).endswith(head)]
        return (relatives[0], []) if len(relatives) == 1 else (None, relatives)

    def read(self, text: str, taken: list[Span], named: list[Span], out: OptionReading) -> list[ColourMention]:
        """The colours this comment names, into out, before its sizes are read; the pinyin words read among them."""
        last_end = -1
        pinyin_found: list[ColourMention] = []
        written: dict[str, str] = {}  # each label read, and the word it was read from
        for mention in sorted(self.own_colours(text), key=lambda m: (m.start, m.start - m.end)):
            # The product's name inside a longer colour word ("油" of 花生油) still names the product, and the colour.
            held = [span for span in taken if span not in named or not (
                mention.start <= span[0] and span[1] <= mention.end and span[1] - span[0] < mention.end - mention.start)]
            if overlaps(mention.start, mention.end, held) and not (mention := self._before(text, mention, held)).label:
                continue
            if not mention.label:
                continue
            if _another_flavour(text, mention):  # "麻辣的" is not 香辣味's "辣的": another flavour the product lacks
                out.unknown_colour = out.unknown_colour or text[mention.start - 1 : mention.end - 1]
                taken.append((mention.start - 1, mention.end))
                continue
            if mention.word.isascii() and mention.word in self.pinyin and mention.label not in out.colours:
                pinyin_found.append(mention)
            if mention.start == last_end and mention.label not in out.colours[-1:] and (
                    mention.word not in self.whole_words):
                continue  # "小麦肤色" is 小麦色 said twice, not also 深肤色: a piece glued to another colour
            add_label(out.colours, mention.label)
            taken.append((mention.start, mention.end))
            last_end = mention.end
            written[mention.label] = mention.word
        pieces = [(m.start(), m.end(), m.group()) for m in self._shared_pattern.finditer(text)
                  if not overlaps(m.start(), m.end(), taken) and not _NEGATED.search(text, 0, m.start())
                  ] if self._shared_pattern else []
        taken.extend((start, end) for start, end, _ in pieces)
        for mention in COLOUR_LEXICON.find(text):
            if overlaps(mention.start, mention.end, taken):
                continue
            if mention.start == last_end and out.colours and text[last_end - 1] != "色":
                # glued to a colour already read it is part of it ("小麦肤色"), unless that one was whole
                # ("黑色白色"); after a word of no colour, a colour of another family names no label ("中强度白色"
                # of 【中强度】黑色 and 【高强度】白色)
                if self._another_family(out.colours[-1], written.get(out.colours[-1], ""), mention):
                    out.unknown_colour = written.get(out.colours[-1], "") + mention.word
                    out.colours.pop()
                    taken.append((mention.start, mention.end))
                continue
            taken.append((mention.start, mention.end))
            label, family = self.label_for(mention.canonical or "", mention.word)
            if spelled := self._spelled_with_the_word_before(text, mention.start, mention.word):
                label, family = spelled, []  # "镀金" of 925银镀金 beside 14K金: the word with its modifier
            if label:
                written[label] = mention.word
                add_label(out.colours, label)
            elif family:
                out.colour_family = family
            elif out.unknown_colour is None:
                out.unknown_colour = mention.word
        for m in _ENGLISH_OPTION.finditer(text) if text.isascii() or " " in text else ():
            for label, norm in self.normalised.items():
                if all(ch in norm for ch in _ENGLISH_OPTION_WORDS[m.group()]):
                    add_label(out.colours, label)
                    taken.append(m.span())
        if pieces:
            self._combine(text, pieces, written, out)
        return pinyin_found

    def _spelled_with_the_word_before(self, text: str, start: int, word: str) -> str | None:
        """The one label spelling a colour word with the character before it ("镀金", "哑光黑"), if any."""
        if start == 0 or not CJK.match(text[start - 1]) or not (core := word.rstrip("色的")):
            return None
        wide = text[start - 1] + core
        spelled = [label for label, norm in self.normalised.items() if wide in norm]
        return spelled[0] if len(spelled) == 1 else None

    def _combine(self, text: str, pieces: list[tuple[int, int, str]], written: dict[str, str],
                 out: OptionReading) -> None:
        """Shared words with the colour read: the one label having them all, the labels having them, or none."""
        common = frozenset.intersection(*(self.shared[word] for _, _, word in pieces))
        if not out.colours and not out.colour_family:  # a colour character glued to a shared word: "日抛灰"
            for mention in COLOUR_LEXICON.find(text, inside_words=True):
                if any(mention.start == end or mention.end == start for start, end, _ in pieces):
                    out.colour_family = self.label_for(mention.canonical or "", mention.word)[1] or [
                        label for label in [self.label_for(mention.canonical or "", mention.word)[0]] if label]
                    break
        words = "".join(word for _, _, word in pieces)
        if len(out.colours) == 1:
            if out.colours[0] not in common:  # "混血蓝有日抛的吗" of a 混血蓝 sold 月抛 only: no such colour
                out.unknown_colour = written.get(out.colours[0], "") + words
                out.colours.clear()
            return
        if out.colours:
            return  # several colours asked: each stands as read
        if out.colour_family:
            common &= set(out.colour_family)
        named = [label for label in self.colour_labels if label in common]
        if len(named) == 1:
            out.colours.append(named[0])
            out.colour_family = []
        elif named:
            out.colour_family = named
        else:
            out.unknown_colour = out.unknown_colour or words

    def _another_family(self, label: str, word: str, mention: ColourMention) -> bool:
        """Whether a colour glued after a label's word of no colour ("中强度" of 【中强度】黑色) is of another family."""
        if not word or COLOUR_LEXICON.find(word, inside_words=True):
            return False
        own, asked = self._canonical.get(label), mention.canonical
        return bool(own and asked) and colour_family(own) != colour_family(asked)  # type: ignore[arg-type]

    def read_after_sizes(self, text: str, taken: list[Span], named: list[Span], out: OptionReading,
                         pinyin_found: list[ColourMention]) -> None:
        """What only the sizes read decide: initials stand only beside a size ("hs 75b"); a colour inside the
        product's name; a slip; a shade code asked that no label has."""
        weak = [m for m in pinyin_found if m.word in self.initials]
        if weak and not out.sizes:
            for mention in weak:
                out.colours.remove(mention.label)  # type: ignore[arg-type]
                taken.remove((mention.start, mention.end))
        if not out.colours and named:  # "小白鞋": a colour inside the product's name, if the product has it
            for mention in COLOUR_LEXICON.find(text, inside_words=True):
                label, _ = self.label_for(mention.canonical or "", mention.word)
                if label and inside(mention.start, named):
                    add_label(out.colours, label)
        if not out.colours and not out.colour_family and self.colour_labels and (slip := self._slip(text, taken)):
            out.colours.append(slip[0])
            taken.append(slip[1])
            if out.unknown_colour:
                out.unknown_colour = None
        rest = blank_spans(text, taken) if not out.colours else ""
        code = (_ASKED_CODE.search(rest) or (self._code_shape and self._code_shape.search(rest))
                ) if rest and self.has_codes else None
        asked = code.group().strip() if code else batteries.asked_size(text, rest) if rest and self._battery else None
        if asked:
            out.unknown_colour = asked  # "#10" of a palette that stops at #08, "1号电池" of AA/AAA
        if out.colours and out.unknown_colour:
            out.unknown_colour = None

    def _before(self, text: str, mention: ColourMention, held: list[Span]) -> ColourMention:
        """The colour word ending where a word read before starts ("老年" of 老年猫 in "老年猫粮", 猫粮 the
        product), or a mention of no label."""
        cut = min((a for a, b in held if mention.start < a < mention.end), default=mention.start)
        word = text[mention.start : cut]
        if overlaps(mention.start, cut, held) or (label := self.form_label.get(word)) is None:
            return ColourMention(mention.word, None, mention.start, mention.end, None)
        return ColourMention(word, None, mention.start, cut, label)

    def _slip(self, text: str, taken: list[Span]) -> tuple[str, Span] | None:
        """A homophone ("雾霾篮") or a one-letter English slip ("blak") of exactly one label."""
        hits: set[str] = set()
        where: dict[str, Span] = {}
        if self._sounds and CJK.search(text):
            sounds = [(i, pinyin_of(ch)) for i, ch in enumerate(text) if CJK.match(ch) and not inside(i, taken)]
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


def _grade_words(label: str) -> set[str]:
    text = normalise_term(label)
    colours = [(m.start, m.end) for m in COLOUR_LEXICON.find(text, inside_words=True)]
    grades = {ch for i, ch in enumerate(text) if ch in _GRADE_WORDS and not inside(i, colours)}
    return set(_GRADE_WORDS[grades.pop()]) if len(grades) == 1 else set()


def _zh_of(label: str) -> str:
    words = [w for w in COLOUR_WORDS.get(label.lower(), ()) if CJK.search(w)]
    with_suffix = [w for w in words if w.endswith("色")]
    return (with_suffix or words or [label])[0]


def _another_flavour(text: str, mention: ColourMention) -> bool:
    """A flavour's "辣的" glued after a character its label lacks ("麻辣的" of 香辣味) names another flavour."""
    if len(mention.word) != 2 or not mention.word.endswith("的") or mention.start == 0:
        return False
    before = text[mention.start - 1]
    return bool(CJK.match(before)) and before not in (mention.label or "") and before not in "要是买拍个那这有"

