"""Size labels made of several sizes, each piece read by its own shape.

A shop writes "5kg(10斤)", "宽3米×高2.7米", "1.8×2.0m 22cm", "1.5m床(被套200×230)", "2.5kg尝鲜装", "750ml*6整箱",
"M(54-58cm)", "170/88A(M)" or "港码12 (US6)". A viewer names one piece: "10斤", "三米宽", "1米8", "150x200",
"尝鲜装", "M", "us6". A piece that only one of the product's labels has names that label (vocab/options.py);
one that several share ("2.7米" of every curtain) names them all, never "no such size".
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from assistant.vocab.counted import COUNTING_WORDS, Counted, counted_shape
from assistant.vocab.shapes import QUANTITY, SizeShape, quantity_value, size_shape

# Two lengths with one unit after either or both: "1.8×2.0m", "2m×2.7m", "宽3米×高2.7米", "150*200cm".
_DIMS_UNIT = re.compile(
    r"(?<![\d.])[宽长高]?(?P<a>\d+(?:\.\d+)?)\s?(?P<ua>m|米|cm|厘米)?\s?(?:x|\*|×|乘)\s?[宽长高]?"
    r"(?P<b>\d+(?:\.\d+)?)\s?(?P<ub>m|米|cm|厘米)(?![a-z])"
)
# A range the label sizes for ("M(54-58cm)": a head of 54 to 58 cm; normalised "54 58cm"; "颈围20-25cm" with
# the word for what it measures), no size of its own: a figure inside it names the label ("颈围22", "56cm").
_RANGE = re.compile(r"(?P<word>[\u4e00-\u9fff]{2})?(?<![a-z\d.])(?P<a>\d+(?:\.\d+)?)\s?[ ~～到至]\s?(?P<b>\d+(?:\.\d+)?)\s?"
                    r"(?P<u>cm|mm|厘米|kg|g|克|斤|岁|个月|人)")
_PIECES = re.compile(r"[()（）\[\]【】]|\s+")
_WORD_THEN_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,3}(?P<n>\d{1,3}(?:\.5)?)")  # "港码12": the number of a named scale
# A count of pieces ending a piece of a label ("整箱6支", "礼盒装4罐"): six bottles is what a viewer names.
_TRAILING_COUNT = re.compile(rf"(?<![\d.])\d{{1,3}}\s?[{COUNTING_WORDS}]$")
# Pieces that are counts of the pack, not sizes of their own ("*6整箱": six bottles; "*2": a pair).
_MULTIPLIER = re.compile(r"[*×x]\s?\d+\s?[\u4e00-\u9fff]{0,2}$")


@lru_cache(maxsize=8192)
def label_parts(text: str) -> tuple[SizeShape, ...]:
    """The sizes inside a normalised label that is no one size: every piece by its shape, in the order written."""
    parts: list[SizeShape] = []
    for m in _DIMS_UNIT.finditer(text):
        unit_a, unit_b = m["ua"] or m["ub"], m["ub"]
        a, b = quantity_value(m["a"], unit_a), quantity_value(m["b"], unit_b)
        if a and b:
            parts += [SizeShape(m["a"] + unit_a, "quantity", a[1], unit=a[0], key=unit_a),
                      SizeShape(m["b"] + unit_b, "quantity", b[1], unit=b[0], key=unit_b),
                      SizeShape(m.group(), "dims", a[1] * b[1], key=f"{a[1]:g}x{b[1]:g}")]
    rest = _RANGE.sub(" ", _DIMS_UNIT.sub(" ", text))
    ranges = [fit for m in _RANGE.finditer(text) if (fit := _fit_range(m))]
    for piece in filter(None, _PIECES.split(rest)):
        shape = size_shape(piece)
        if shape.kind != "other" or re.fullmatch(r"[a-z]{2,3}", piece):  # "nb" of NB(0-5kg): a code of its own
            parts.append(shape)
            continue
        bare = _MULTIPLIER.sub("", piece)
        if bare != piece and (shape := size_shape(bare)).kind != "other":
            parts.append(shape)  # "750ml*6整箱": 750ml, six of them
            continue
        found = [SizeShape(q.group(), "quantity", v[1], unit=v[0], key=q["u"])
                 for q in QUANTITY.finditer(piece) if (v := quantity_value(q["n"], q["u"], q["tenths"]))]
        if not found and (pack := _TRAILING_COUNT.search(piece)) and (count := counted_shape(pack.group())):
            found = [SizeShape(pack.group(), "counted", count.value, unit=count.unit, count=count)]  # "整箱6支"
        if not found and (named := _WORD_THEN_NUMBER.fullmatch(piece)):
            found = [SizeShape(piece, "number", float(named["n"]))]
        parts += found
    parts += ranges  # after the label's own size, which ranks it ("XS" of XS(颈围20-25cm))
    return tuple(parts) if len(parts) > 1 or (parts and parts[0].label != text) else ()


def _fit_range(m: re.Match[str]) -> SizeShape | None:
    """A length or weight range as a piece ("颈围20 25cm"): from its low end, up to count.high, in the label's unit."""
    if m["u"] in ("岁", "个月"):
        return None  # ages are counted sizes of their own (vocab/counted.py)
    if m["u"] == "人":  # a rice cooker's "3L 2-4人": "4人" fits every label whose range holds four people
        count = Counted(float(m["a"]), "人", float(m["b"]))
        return SizeShape(m.group(), "counted", count.value, unit="人", count=count) if count.value < (count.high or 0) else None
    low, high = quantity_value(m["a"], m["u"]), quantity_value(m["b"], m["u"])
    if not (low and high) or low[1] >= high[1]:
        return None
    return SizeShape(m.group(), "range", low[1], unit=low[0], key=m["word"],
                     count=Counted(float(m["a"]), m["u"], float(m["b"])))


# A count of pieces inside a label ("6个装" of 小号 6个装): read as a count, its "个装" is no word of the label.
_COUNT_PIECE = re.compile(rf"\d+(?:\.\d+)?\s?[{COUNTING_WORDS}]装?")


def words_of(text: str) -> set[str]:
    """The Chinese words of a compound label a viewer names it by ("尝鲜装" of 2.5kg尝鲜装, "高款" of 高款12cm)."""
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", _COUNT_PIECE.sub(" ", QUANTITY.sub(" ", _DIMS_UNIT.sub(" ", text))))
    return {run for run in runs if not re.fullmatch(r"[宽长高]", run)}


_SMALL_NUMBER = re.compile(r"(?<![\d.])\d{1,2}(?![\d.])")


def numeral_forms(key: str) -> set[str]:
    """A Chinese label's small numbers in Chinese numerals as viewers type them: "7合1" -> 七合一 / 7合一 / 七合1,
    "3件套" -> 三件套, "2人份" -> 两人份; "N合1" also as "7in1". The key itself is not among them."""
    numbers = list(_SMALL_NUMBER.finditer(key))
    if not numbers or len(numbers) > 2 or not re.search(r"[\u4e00-\u9fff]", key):
        return set()
    import cn2an  # the numerals only: imported when a catalog has such a label

    spellings = [[m.group(), str(cn2an.an2cn(m.group())), *(["两"] if m.group() == "2" else [])] for m in numbers]
    forms: set[str] = set()
    for chosen in product(*spellings):
        out, last = [], 0
        for m, spelling in zip(numbers, chosen, strict=True):
            out += [key[last:m.start()], spelling]
            last = m.end()
        forms.add("".join(out) + key[last:])
    if (joined := re.fullmatch(r"(\d{1,2})合1", key)):
        forms |= {f"{joined[1]}in1", f"{joined[1]} in 1"}
    return forms - {key}


# A label sold by the whole case or jar ("整箱6支", "500ml×6 整箱", "2.5L 坛装"), never a count of cans ("6罐").
_BULK = re.compile(r"整(?P<box>[箱提件])|(?P<box2>[箱坛提])装")
_SINGLE = re.compile(rf"单(?P<box>[{COUNTING_WORDS}])")
_PER_CONTAINER = re.compile(r"(?P<n>\d+)\s?(?P<unit>[\u4e00-\u9fff])\s?/\s?(?P<box>[\u4e00-\u9fff])")


def container_forms(key: str) -> set[str]:
    """A pack labelled by what it holds per container ("500张/包", "5包/箱") by its container, as viewers ask for
    it: "一包", "单包", "整箱", "按箱"; and by its count, "500张"."""
    if "双" in key and re.search(rf"双[{COUNTING_WORDS}]", key):  # "双支礼盒" is also 两支礼盒, 2支礼盒
        return {key.replace("双", word) for word in ("两", "2", "二")}
    if single := _SINGLE.search(key):  # "500ml 单瓶", "单支750ml": one of them, "一瓶", "1支" (a wine's 支 is a bottle)
        boxes = {single["box"]} | ({"瓶"} if single["box"] == "支" else set())
        return {f"{word}{box}" for word in ("一", "1") for box in boxes}
    if bulk := _BULK.search(key):  # "整箱6支", "2.5L 坛装": a whole case asked as "一箱", "1坛", "按箱"
        return {f"{word}{bulk['box'] or bulk['box2']}" for word in ("一", "整", "按", "1")}
    if not (m := _PER_CONTAINER.fullmatch(key)):
        return set()
    box = m["box"]
    return {f"{word}{box}" for word in ("一", "单", "整", "按", "1")} | {f"{m['n']}{m['unit']}"}
