"""Reading one comment's sizes in one product's own labels (size_options.py): counted sizes ("二十寸", "6个装"),
codes and words of labels of no shape ("尝鲜装"), size words by shape, letter words, the ends of the order
("最大", "大瓶", "最重") and pieces of labels of several sizes written together ("五斤大果")."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.vocab.counted import in_count_range, same_count
from assistant.vocab.reading import CHAT_ABBREVIATIONS, OptionReading, Span, add_label, overlaps
from assistant.vocab.shapes import UNITS, in_family, matches, quantity_value, read_size_words
from assistant.vocab.size_options import SizeOptions
from assistant.vocab.sizes import LARGEST, SMALLEST, SizeMention
from assistant.vocab.text import CN_NUMERAL_CHARS, compile_fast, normalise_term

# Where a piece of a label of several sizes was read, and the labels having it.
Piece = tuple[int, int, frozenset[str]]

# People right after a count: who it counts ("两个老人", "三个人吃"), not a size of the product ("24寸行李箱" is).
_COUNTS_SOMETHING_ELSE = re.compile(r"(?:老|大|小|年轻|家)?(?:人|孩子?|宝宝|朋友|同事)")
_CODE_AFTER = re.compile(r"色")
_FIGURE = rf"\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+"
# "4-8kg" is normalised "4 8kg": a space between two figures in digits is the dash
_MEASURED_RANGE = compile_fast(rf"(?<![a-z\d.])(?:(?P<a>{_FIGURE})\s?(?:-|~|～|到|至)\s?(?P<b>{_FIGURE})"
                               r"|(?P<a2>\d+(?:\.\d+)?) (?P<b2>\d+(?:\.\d+)?))\s?(?P<u>kg|公斤|千克|斤|g|克|cm|厘米|mm)(?![a-z])")
_SIZE_CUE = compile_fast(r"[?？吗呢么没]|码|号|size|还有|有货|in stock|available|do you have")
# Relative words by the options' order: "最大的", "大瓶", "小包装"; letter words (大码) come from sizes.py.
# "最重的哑铃", "最短的手链", "最厚的瑜伽垫": the largest or smallest of goods sized in that measure (g, cm).
_SUPERLATIVE = compile_fast(r"最(?P<w>重|轻|长|短|厚|薄|高|矮|宽|窄)")
_SUPERLATIVE_MEASURE = {"重": ("g", True), "轻": ("g", False), "长": ("cm", True), "短": ("cm", False),
                        "厚": ("cm", True), "薄": ("cm", False), "高": ("cm", True), "矮": ("cm", False),
                        "宽": ("cm", True), "窄": ("cm", False)}
_POWER_SUPERLATIVE = compile_fast(r"度数最(?P<w>高|低|大|小)|最(?P<w2>高|低)(?:的)?度数?")
_RELATIVE = compile_fast(r"(?P<w>最大|最小|(?<![多加最])[大小](?:瓶|包装|包|份|盒|袋|号|码|杯|的|桶|罐|箱|支))")
# Each word for an end of the options' order: its pattern, when it applies to the product, and which end it names.
_ENDS_OF_RANGE: tuple[tuple[re.Pattern[str], Callable[[SizeOptions, re.Match[str]], bool],
                            Callable[[re.Match[str]], bool]], ...] = (
    (_RELATIVE, lambda sizes, m: True, lambda m: "大" in m["w"]),
    (_POWER_SUPERLATIVE, lambda sizes, m: "power" in sizes.size_kinds, lambda m: (m["w"] or m["w2"]) in "高大"),
    (_SUPERLATIVE, lambda sizes, m: _SUPERLATIVE_MEASURE[m["w"]][0] in sizes.measures,
     lambda m: _SUPERLATIVE_MEASURE[m["w"]][1]),
)


def read_sizes(sizes: SizeOptions, text: str, letters: list[SizeMention], taken: list[Span], out: OptionReading,
               colour_codes: bool, ends: bool = True) -> None:
    """The sizes this comment names, into out; colour_codes: the product has shade codes ("20号色" is a colour);
    ends: whether the ends of the order ("最小", "小号") are read (they are the size slot's, never the colour's)."""
    pieces_read: list[Piece] = []
    _read_measured_ranges(sizes, text, taken, out)
    _read_counted(sizes, text, taken, out, pieces_read)
    _read_codes(sizes, text, taken, out, pieces_read)
    _read_size_words(sizes, text, taken, out, pieces_read, colour_codes)
    for mention in letters:
        if overlaps(mention.start, mention.end, taken):
            continue
        if mention.canonical in (SMALLEST, LARGEST) and sizes.smallest and sizes.largest:
            add_label(out.sizes, sizes.smallest if mention.canonical == SMALLEST else sizes.largest)
        elif mention.canonical in sizes.letters:
            add_label(out.sizes, sizes.letters[mention.canonical])
        elif mention.strong and not mention.canonical.replace(".", "").isdigit() and mention.canonical not in (
                SMALLEST, LARGEST) and (sizes.letters or not sizes.size_labels):
            out.unknown_size = out.unknown_size or mention.canonical
        else:
            continue
        taken.append((mention.start, mention.end))
    # "200g小罐" of formula sold from 400g: the small can is the 200g one it lacks, not its smallest
    if sizes.ordered and ends and not (out.unknown_size and not out.sizes):
        for pattern, applies, names_largest in _ENDS_OF_RANGE:
            for m in pattern.finditer(text):
                if not overlaps(m.start(), m.end(), taken) and applies(sizes, m):
                    by_measure = sizes.end_by_measure(_SUPERLATIVE_MEASURE[m["w"]][0], names_largest(m)) if (
                        pattern is _SUPERLATIVE) else None
                    end = by_measure or sizes.end_in(m.group(), names_largest(m)) or (
                        sizes.largest if names_largest(m) else sizes.smallest)
                    if end:
                        add_label(out.sizes, end)
                    elif not out.sizes:
                        out.size_family = sizes.ends[names_largest(m)]  # a tie at that end: either
                    taken.append(m.span())
    _combine_pieces(text, pieces_read, taken, out)


def _read_measured_ranges(sizes: SizeOptions, text: str, taken: list[Span], out: OptionReading) -> None:
    """A range written as the label writes it ("4到8公斤", "4-8kg" of S(4-8kg)): that label, not both it and
    M(6-11kg), which hold its upper end too."""
    ranges = [(label, part) for label, parts in sizes.parts.items() for part in parts
              if part.kind == "range" and part.count and part.count.high is not None]
    if not ranges:
        return
    for m in _MEASURED_RANGE.finditer(text):
        low, high = quantity_value(m["a"] or m["a2"], m["u"]), quantity_value(m["b"] or m["b2"], m["u"])
        if not (low and high) or low[1] >= high[1] or overlaps(m.start(), m.end(), taken):
            continue
        same = [label for label, part in ranges if part.unit == low[0] and part.count and abs((part.value or 0) - low[1]) < 1e-6
                and abs((part.count.high or 0) * UNITS[part.count.unit][1] - high[1]) < 1e-6]
        if len(same) == 1:
            add_label(out.sizes, same[0])
            taken.append(m.span())


def _read_counted(sizes: SizeOptions, text: str, taken: list[Span], out: OptionReading,
                  pieces_read: list[Piece]) -> None:
    """Sizes counted in the product's own units: "二十寸", "500度", "6个装", "stage 2", "3到6岁"."""
    for word in sizes.counted.read(text) if sizes.counted else ():
        if overlaps(word.start, word.end, taken):
            continue
        if word.high is None and word.unit == "个月" and all(c.unit != "个月" for _, c in sizes.counts):
            continue  # "宝宝八个月喝几段": the baby's age, a question of advice, never "没有八个月"
        if sizes.size_code_pattern and (code := sizes.size_code_pattern.match(text, word.start)) and (
                code.end() > word.end):
            continue  # "两支" of "两支礼盒" (双支礼盒): a longer word of a label, read as a code
        exact = list(dict.fromkeys(label for label, count in sizes.counts if same_count(count, word)))
        if not exact and word.unit == "度" and "power" in sizes.size_kinds:
            continue  # "100度" of lenses sold as 0度 / -1.00 / -2.50: a power, read by its shape (-1.00)
        if not exact and sizes.own_size_of(text, word):
            continue  # "16.5cm" of 16.5cm【手围14-15cm】, not the 18cm one for a 15.5-16.5cm wrist: read as a size
        within = list(dict.fromkeys(label for label, count in sizes.counts
                                    if word.high is None and in_count_range(count, word.value)))
        if (exact or within) and all(label in sizes.parts for label in exact or within):
            pieces_read.append((word.start, word.end, frozenset(exact or within)))  # "6个装" of 小号 6个装
        if len(exact) == 1 or len(within) == 1:
            add_label(out.sizes, (exact or within)[0])
        elif exact or within:
            out.size_family = exact or within
        elif not _COUNTS_SOMETHING_ELSE.match(text, word.end):  # "两个老人": a count of people, no size
            out.unknown_size = out.unknown_size or text[word.start : word.end].strip()  # "34英寸", "700度"
        taken.append((word.start, word.end))


def _read_codes(sizes: SizeOptions, text: str, taken: list[Span], out: OptionReading,
                pieces_read: list[Piece]) -> None:
    """Codes and words of labels of no shape ("nb", "尝鲜装", "3c1a"), and words several labels share ("大果")."""
    for m in sizes.size_code_pattern.finditer(text) if sizes.size_code_pattern else ():
        # "nb" is also chat ("牛逼"): as a size only with 码/size or a question beside it.
        if m.group() in CHAT_ABBREVIATIONS and not _SIZE_CUE.search(text):
            continue
        if overlaps(m.start(), m.end(), taken):
            continue
        if m.start() and text[m.start() - 1] in "超特加" and not overlaps(m.start() - 1, m.start(), taken):
            out.unknown_size = out.unknown_size or text[m.start() - 1 : m.end()]  # "超大号" is no 大号
            taken.append((m.start() - 1, m.end()))
        else:
            add_label(out.sizes, sizes.size_codes[m.group()])
            taken.append(m.span())
            if sizes.size_codes[m.group()] in sizes.parts:
                pieces_read.append((m.start(), m.end(), frozenset({sizes.size_codes[m.group()]})))
    for m in sizes.shared_pattern.finditer(text) if sizes.shared_pattern else ():
        if not overlaps(m.start(), m.end(), taken):
            pieces_read.append((m.start(), m.end(), sizes.shared[m.group()]))


def _read_size_words(sizes: SizeOptions, text: str, taken: list[Span], out: OptionReading,
                     pieces_read: list[Piece], colour_codes: bool) -> None:
    """Size words by their shape ("1米8", "75b", "36半", "15pm") against the labels' shapes."""
    for word in read_size_words(text, sizes.size_kinds):
        if overlaps(word.start, word.end, taken) or (colour_codes and _CODE_AFTER.match(text, word.end)):
            continue  # "20号色" is a colour code the palette may lack, never a size 20号
        exact = [label for label, shape in sizes.shapes.items() if matches(shape, word)]
        family = [label for label, shape in sizes.shapes.items() if in_family(shape, word)]
        if word.kind == "number" and exact and (lettered := sizes.lettered_models(word.value)) and not any(
                normalise_term(label) == text[word.start : word.end] for label in exact):
            # "803" beside 803 标准装 and 803XL 加大容量: either may be meant, never one as if certain ("680"
            # beside 680 and 680XL is the label 680 itself)
            exact, family = [], [*exact, *(label for label in lettered if label not in exact)]
            pieces_read.append((word.start, word.end, frozenset(family)))
        if not exact and len(family) == 1:  # "80的" of a bra sold in 75B, 75C and 80B: the one 80
            exact, family = family, []
        if not exact and not family:  # a piece of a label of several sizes: "10斤" of 5kg(10斤)
            pieces = sizes.labels_with_piece(word, measured_by=sizes.range_word_before(text, word.start) > 0)
            exact, family = (pieces, []) if len(pieces) == 1 else ([], pieces)
            if pieces:
                pieces_read.append((word.start, word.end, frozenset(pieces)))
        start = word.start
        if exact or family:
            start -= sizes.range_word_before(text, start)
        if len(exact) == 1:
            add_label(out.sizes, exact[0])
        elif family:
            out.size_family = family
        elif word.kind == "quantity" and not any(shape.unit == word.unit or (shape.unit, word.unit) == ("gb", "g")
                                                 for shape in sizes.all_shapes):
            continue  # "5m" asked of jerky sold by weight: no size of this product at all
        elif (written := text[word.start : word.end].strip()) in sizes.size_by_written:
            add_label(out.sizes, sizes.size_by_written[written])  # never "no 12号" when 12号 is a label
        elif sizes.storage and word.kind == "quantity" and word.unit == "g" and (word.value or 0) < 16:
            continue  # "5G手机", "4g网络": a network generation, never a phone's storage
        elif word.strong or sizes.plausible(word):
            out.unknown_size = out.unknown_size or written.removesuffix("的")  # "iPhone16的": no 16
            pieces_read.append((word.start, word.end, frozenset()))  # "16cm的高枕": never 高枕14cm
        else:
            continue
        taken.append((start, word.end))


def _combine_pieces(text: str, pieces: list[Piece], taken: list[Span], out: OptionReading) -> None:
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
            add_label(out.sizes, next(iter(common)))
        elif common:
            out.size_family = sorted(common)
        else:
            out.unknown_size = out.unknown_size or text[start:end]


def _alternatives(text: str, first: Piece, second: Piece) -> bool:
    """Two pieces of one shape naming different labels are two sizes asked ("3号5号各两包"), not one label."""
    def shape(piece: Piece) -> str:
        return re.sub(rf"[\d.{CN_NUMERAL_CHARS}]+", "#", text[piece[0] : piece[1]])
    return bool(first[2]) and bool(second[2]) and not first[2] & second[2] and shape(first) == shape(second)


def _written_together(text: str, end: int, start: int, taken: list[Span], common: frozenset[str]) -> bool:
    """Two pieces with nothing between them but 的/装 or a space; or words already read, where the pieces are of
    one label ("803彩色加大": a colour between; "一箱 梅洛单支" are two sizes)."""
    if re.fullmatch(r"[\s的装]?", text[end:start]):
        return True
    gap = "".join(c for i, c in enumerate(text[end:start], end) if not any(a <= i < b for a, b in taken))
    return bool(common) and bool(re.fullmatch(r"[\s的装]*", gap))
