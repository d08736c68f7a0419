"""Size labels read by their shape, and the size words of a comment read the same way.

A label's shape says how viewers write it: "37.5" as 37半 / 三十七码半, "1.8m" as 1米8 / 一米八 / 180cm,
"500g" as 一斤 / 500克, "50ml" as 50毫升, "75B" as b75, "iPhone 15 Pro Max" as 15promax / 15pm,
"40x60cm" as 40*60. Both sides become the same key, so no list of spellings is kept by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.vocab.counted import Counted, counted_shape
from assistant.vocab.sizes import LETTER_ORDER, ONE_SIZE, canonical_size
from assistant.vocab.text import CN_NUMERAL_CHARS, compile_fast, normalise_term, parse_figure, parse_number

# Base units: grams, millilitres, centimetres.
UNITS = {
    "g": ("g", 1), "克": ("g", 1), "kg": ("g", 1000), "公斤": ("g", 1000), "千克": ("g", 1000),
    "斤": ("g", 500), "两": ("g", 50),
    "ml": ("ml", 1), "毫升": ("ml", 1), "l": ("ml", 1000), "升": ("ml", 1000),
    "cm": ("cm", 1), "厘米": ("cm", 1), "公分": ("cm", 1), "mm": ("cm", 0.1), "毫米": ("cm", 0.1), "m": ("cm", 100),
    "米": ("cm", 100), "w": ("w", 1), "瓦": ("w", 1), "瓦特": ("w", 1), "jin": ("g", 500),
    # Storage: a phone's 256G is gigabytes, not grams, when its siblings say GB or TB (see size_shape).
    "gb": ("gb", 1), "tb": ("gb", 1024), "t": ("gb", 1024),
    "litre": ("ml", 1000), "litres": ("ml", 1000), "liter": ("ml", 1000), "liters": ("ml", 1000),
    "gram": ("g", 1), "grams": ("g", 1),
    # Protein and flour by the pound: "5磅" is 5lb, 5 lbs, 5 pounds.
    "磅": ("g", 453.59237), "lb": ("g", 453.59237), "lbs": ("g", 453.59237), "pound": ("g", 453.59237),
    "pounds": ("g", 453.59237),
    # A battery's capacity: "20000mAh", "两万毫安", "3万毫安时".
    "mah": ("mah", 1), "毫安": ("mah", 1), "毫安时": ("mah", 1),
}
_UNIT_WORDS = sorted(UNITS, key=len, reverse=True)
# "二点五公斤" too; "3万毫安", "两万毫安" of a power bank
_NUM = rf"\d+(?:\.\d+)?[千万]?|[{CN_NUMERAL_CHARS}千万]+点[零〇一二三四五六七八九]+|[{CN_NUMERAL_CHARS}千万半]+"
_UNIT = "|".join(re.escape(u) for u in _UNIT_WORDS)
# "1米8", "一米八": a metre figure and the tenths after the unit; "十四厘米半", "一斤半": and a half of the unit.
# After a Latin letter only a figure with a Chinese unit ("c转l一米", "lightning2米"): "mp3", "a4g" are no quantities.
_CJK_UNIT = "|".join(re.escape(u) for u in _UNIT_WORDS if not u.isascii())
QUANTITY = compile_fast(
    rf"(?<![\d.])(?:(?<![a-z])|(?=(?:{_NUM})\s?(?:{_CJK_UNIT})))(?P<n>{_NUM})\s?(?P<u>{_UNIT})(?![a-z])(?P<tenths>[一二三四五六七八九][零一二三四五六七八九]|零[一二三四五六七八九]|[一二三四五六七八九]|\d{{1,2}}(?![\d.])|半)?"
)
BAND_CUP = compile_fast(r"(?<![\d.a-z])(?P<band>\d{2,3})\s?(?P<cup>[a-h])(?![a-z])|(?<![a-z])(?P<cup2>[a-h])\s?(?P<band2>\d{2,3})(?![\d.])"
                        # "75有C杯吗", "80的b杯": a band, a word or two, and the cup named as a cup
                        r"|(?<![\d.])(?P<band3>\d{2,3})[^\da-z]{1,3}?(?P<cup3>[a-h])\s?杯")
DIMS = compile_fast(r"(?<![\d.])(?P<a>\d{2,3})\s?(?:x|\*|×|乘)\s?(?P<b>\d{2,3})(?![\d.])(?:\s?(?:cm|厘米|公分)(?![a-z]))?")
# Metres by metres, as viewers write a bed or a curtain: "1.5x2.0", "1.8*2米", "2米乘2米" (keys in cm: "150x200").
DIMS_METRES = compile_fast(
    r"(?<![\d.])(?P<a>[1-9](?:\.\d)?)\s?(?P<ua>m|米)?\s?(?:x|\*|×|乘)\s?(?P<b>[1-9](?:\.\d)?)\s?(?P<ub>m|米)?(?![\d.a-z])"
)
MODEL = compile_fast(
    r"(?<![\d.])(?P<n>\d{1,2})\s?(?P<s>pro\s?max|promax|pm|pro|plus|max|mini|ultra|p|u|\+)?(?![a-z\d])"
)
# Whole numbers with an optional half: "37", "37.5", "37半", "37码半", "三十七码半", "一百二十码".
NUMBER = compile_fast(
    # a number glued to letters that are no unit ("14u", "5w") is part of another word, never this size
    rf"(?<![\d.#])(?P<d>\d{{2,3}}|\d\.\d{{1,2}})(?P<half>\.5|\s?码?半)?(?![\d.])(?P<suffix>\s?(?:码|号|cm|厘米|的))?(?![a-z])"
    # a figure with decimals in Chinese ("零点三八" of a 0.38mm pen, "六点五" of a 6.5L pot) before its digits alone
    rf"|(?P<cndec>[{CN_NUMERAL_CHARS}]{{1,3}}点[零〇一二三四五六七八九]{{1,2}})(?:码|号|的)?"
    rf"|(?P<cn>[{CN_NUMERAL_CHARS}]{{2,5}}|十(?=号|码))(?P<cnhalf>\s?码?半)?(?P<cnsuffix>码|号|的)?"
)
# A large bare figure ("30000", "两万", "3万的") names a quantity label in its own unit (a power bank's 30000mAh).
BIG_NUMBER = compile_fast(rf"(?<![\d.])(?:\d{{4,6}}|\d+(?:\.\d)?[千万]|[{CN_NUMERAL_CHARS}]{{1,3}}[千万][一二三四五六七八九]?)"
                          r"(?![\d.千万])")
# 号型 "170/74A", written "170/74a", "170/74" or "170 74a".
HEIGHT_FIT = compile_fast(r"(?<![\d.])(?P<h>1\d{2})\s?[/ ]\s?(?P<w>\d{2,3})(?P<t>[a-z])?(?![a-z\d])")
_NUMBER_LABEL = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s?(?P<u>号|码)?")
# "7号", "六号", "7码": one digit names a size only with its suffix (or as "size 7"), and only on a product that
# has such small numbers (a ring); "7天" or "2个" is no size.
SMALL_NUMBER = compile_fast(
    rf"(?<![\d.#])(?P<d>\d)\s?(?P<suffix>号|码)(?![链色])|(?<![{CN_NUMERAL_CHARS}])(?P<cn>[一二三四五六七八九十])(?:号|码)(?![链色])"
    r"|(?P<cndec>[零一二两三四五六七八九]点[零一二三四五六七八九]{1,2})号(?![链色])"  # a line's "零点八号"
    r"|(?:size|no\.?) (?P<en>\d)(?![\d.])|(?<![\d.#a-z])(?P<bare>\d)(?=\s?(?:的|in |size))"
)
# A quantity per container ("100g/罐", "500ml/瓶", "50g/bag"): the quantity is the size, the container is packing.
_PER_CONTAINER = re.compile(r"\s?/\s?(?:[\u4e00-\u9fff]{1,2}|[a-z]{2,4})$")
# A number after (or before) the word for what it measures: a bangle's "圈口56", a shoe's "US8.5" / "美码9".
_MEASURED = re.compile(r"(?:圈口|圈号|手寸|us|美码|eu|欧码|uk|英码)\s?(?P<n>\d{1,3}(?:\.5)?)|(?P<n2>\d{2,3})\s?圈口")
# The same in a comment: "us 8.5", "美码9", "us7半", "56圈口", "圈口54".
MEASURED = compile_fast(r"(?:(?<![a-z])us|美码|美国码|eu|欧码|uk|英码)\s?(?P<n>\d{1,2}(?:\.5)?)(?![\d.])(?P<half>\s?码?半)?"
                        r"|圈口\s?(?P<r>\d{2,3})|(?P<r2>\d{2,3})\s?(?:的)?圈口")
# A tyre's width/ratio R rim, as labels and viewers write it: "205/55R16", "205/55 r16", "205 55 16", "205/55/16".
TYRE = compile_fast(r"(?<![\d.])(?P<w>\d{3})\s?[/ \-]\s?(?P<r>\d{2})\s?(?:z?r\s?|[/ \-]\s?)(?P<d>\d{2})(?![\d.])")
_MODEL_SUFFIX = {"pm": "max pro", "promax": "max pro", "pro max": "max pro", "p": "pro", "+": "plus", "u": "ultra"}
_WORD = re.compile(r"\d+|[a-z]+")


@dataclass(frozen=True, slots=True)
class SizeShape:
    label: str
    kind: str  # letter | number | quantity | band_cup | dims | model | range (a piece) | other
    value: float | None = None  # number, quantity in base unit, dims area, model number
    unit: str | None = None  # g | ml | cm for a quantity; the label's own unit word
    key: str | None = None  # letter canonical, band+cup "75b", model "15|max pro", dims "40x60"
    count: Counted | None = None  # a number counted in a word of the shop's: 20寸, 30枚装, 2段, 3-6岁

    @property
    def has_place(self) -> bool:
        """Whether the label has a place in "the largest" / "the smallest" ("均码" has none)."""
        return (self.kind == "letter" and self.key in LETTER_ORDER) or self.key == "nb" or self.value is not None

    @property
    def rank(self) -> tuple[float, float]:
        """Order for "the largest" / "the smallest"."""
        if self.kind == "letter" and self.key in LETTER_ORDER:
            return (0, LETTER_ORDER.index(self.key))
        if self.key == "nb":  # a diaper's or a baby's newborn size, before every letter
            return (0, -1)
        return (1, self.value or 0.0)


def _model_key(number: str, suffix: str | None) -> str:
    words = _MODEL_SUFFIX.get((suffix or "").replace(" ", ""), suffix or "")
    return f"{int(number)}|{' '.join(sorted(words.split()))}"


def quantity_value(number: str, unit: str, tenths: str | None = None) -> tuple[str, float] | None:
    """("1", "米", "8") -> ("cm", 180); ("半", "斤") -> ("g", 250); ("500", "g") -> ("g", 500)."""
    family, scale = UNITS[unit]
    if number == "半":
        value = 0.5
    elif number[0].isdigit() and number[-1] in "千万":
        value = float(parse_number(number) or 0)
    elif number[0].isdigit():
        value = float(number)
    elif "点" in number:  # "二点五": the whole and each decimal digit
        if (figure := parse_figure(number)) is None:
            return None
        value = figure
    else:
        half = number.endswith("半")
        parsed = parse_number(number.removesuffix("半"))
        if parsed is None:
            return None
        value = parsed + (0.5 if half else 0)
    if tenths == "半":
        value += 0.5
    elif tenths:  # "1米8", "一米六八", "1米75": the digits after the metre
        digits = [int(d) if d.isdigit() else parse_number(d) for d in tenths]
        if None in digits or family != "cm" or scale != 100:
            return None
        value += int("".join(map(str, digits))) / 10 ** len(digits)
    return family, round(value * scale, 3)


_STORAGE = re.compile(r"\d+\s?(?:gb|tb|t)", re.IGNORECASE)


# Memory and storage in one label: "8+256G", "16G+1TB", a laptop's "i5 16G 512G".
_STORAGE_INSIDE = re.compile(r"\d\s?(?:gb|tb)(?![a-z])|\d\s?\+\s?\d+\s?[gt]b?(?![a-z])|\d\s?g\s\d+\s?[gt]b?(?![a-z])",
                             re.IGNORECASE)


def is_storage(labels: list[str]) -> bool:
    """A product sold by storage: some label says GB, TB or T ("256G", "1TB", "8+256G"); then its "G" are
    gigabytes."""
    return any(_STORAGE.fullmatch(label.strip()) or _STORAGE_INSIDE.search(label) for label in labels)


# A lens power as labels write it ("-2.50", "+1.00"); viewers drop the sign ("2.5", "负2.5") or say 近视250度.
_POWER_LABEL = re.compile(r"[+-]\d{1,2}\.\d{2}")
_CN_DEGREES = r"[一二两三四五六七八九]百[零一二三四五六七八九十]{0,3}"
_NOT_DEGREES = r"元|块|片|盒|副|个|天|号|米|cm|ml|毫升|mm|%|度|[a-z]"
# A lens's power as "-1.50", "150度", "负150" or in Chinese numerals with 负/近视 before or 度 after ("负一百五").
POWER = compile_fast(
    r"(?:负|近视)?\s?(?<![\d.])(?P<n>\d{1,2}\.\d{1,2})(?![\d.])|(?:近视)?\s?(?<![\d.])(?P<deg>\d{2,4})\s?度"
    rf"|(?:负|近视|-)\s?(?P<neg>\d{{3}})(?![\d.])|(?:负|近视)\s?(?P<cn>{_CN_DEGREES})|(?P<cn2>{_CN_DEGREES})度"
    # a whole power in one numeral or digit after the minus: "负三" (-3.00), "负二点五", "-3"
    r"|(?:负|近视)\s?(?P<cnw>[一二两三四五六七八九])(?:点(?P<cnd>[零一二三四五六七八九]{1,2}))?(?![百十千])"
    r"|(?:负|(?<![\w.])-)\s?(?P<w>\d)(?![\d.])"
    # a bare number of degrees, a multiple of 25 with no unit after it: "月抛250的", "两百五有没有"
    rf"|(?<![\d.a-z])(?P<bare>[1-9][0257][05]|{_CN_DEGREES})(?![\d.])(?!\s?(?:{_NOT_DEGREES}))(?:的)?"
)


@lru_cache(maxsize=8192)
def size_shape(label: str, models: bool = False, storage: bool = False) -> SizeShape:
    if _POWER_LABEL.fullmatch(label.strip()):
        return SizeShape(label, "power", abs(float(label)))
    text = normalise_term(label)
    canonical = canonical_size(text)
    if canonical in LETTER_ORDER or canonical == ONE_SIZE:
        return SizeShape(label, "letter", key=canonical)
    if m := DIMS.fullmatch(text.removesuffix("cm").strip()):
        return SizeShape(label, "dims", float(m["a"]) * float(m["b"]), key=f"{int(m['a'])}x{int(m['b'])}")
    if models or re.search(r"\d\s?(?:pro|max|plus|mini|ultra)\b", text):
        words = _WORD.findall(text)
        digits = [i for i, w in enumerate(words) if w.isdigit()]
        if digits:
            suffix = " ".join(words[digits[0] + 1 :])
            return SizeShape(label, "model", float(words[digits[0]]), key=_model_key(words[digits[0]], suffix))
    if m := TYRE.fullmatch(text):
        return SizeShape(label, "tyre", float(m["d"]), key=f"{m['w']}/{m['r']}/{m['d']}")
    if m := _MEASURED.fullmatch(text):
        return SizeShape(label, "number", float(m["n"] or m["n2"]), unit=None, key="measured")
    if m := QUANTITY.fullmatch(_PER_CONTAINER.sub("", text).removesuffix("装")):  # "5斤装" is five jin
        found = quantity_value(m["n"], m["u"], m["tenths"])
        if found and storage and found[0] == "g":
            found = ("gb", found[1])
        if found:
            return SizeShape(label, "quantity", found[1], unit=found[0], key=m["u"])
    if m := BAND_CUP.fullmatch(text):
        band, cup = m["band"] or m["band2"], m["cup"] or m["cup2"]
        return SizeShape(label, "band_cup", float(band), key=f"{int(band)}{cup}")
    if m := HEIGHT_FIT.fullmatch(text):  # trousers' 号型 "170/74A": the height, then waist and body type
        return SizeShape(label, "height_fit", float(m["h"]), key=f"{m['h']}/{m['w']}{m['t'] or ''}")
    if m := _NUMBER_LABEL.fullmatch(text):  # "37", "12号" (a ring), "39码"
        return SizeShape(label, "number", float(m["n"]), unit=m["u"])
    if count := counted_shape(text):
        return SizeShape(label, "counted", count.value, unit=count.unit, count=count)
    return SizeShape(label, "other", key=text)


@dataclass(frozen=True, slots=True)
class SizeWord:
    """A size written in a comment, as the keys labels are compared on."""

    start: int
    end: int
    kind: str  # quantity | band_cup | band | dims | model | number
    value: float | None = None
    unit: str | None = None
    key: str | None = None
    strong: bool = True  # a unit, 码, or a shape of its own; a bare number is weak


def read_size_words(text: str, kinds: frozenset[str]) -> list[SizeWord]:
    """Every size-like word of the shapes the product has, longest reading first, not overlapping."""
    found: list[SizeWord] = []
    # Quantities are read for every product: "10公斤" is ten kilograms even of coffee sold in 10颗, never a bare 10.
    for m in QUANTITY.finditer(text):
        q, end = quantity_value(m["n"], m["u"], m["tenths"]), m.end()
        if q is None and m["tenths"]:  # "9斤一级中果": tenths follow metres only ("1米8")
            q, end = quantity_value(m["n"], m["u"]), m.start("tenths")
        if q:
            found.append(SizeWord(m.start(), end, "quantity", q[1], q[0]))
    if "quantity" in kinds or "counted" in kinds:  # "12000" of a mouse's 12000DPI, "一万二" too
        for m in BIG_NUMBER.finditer(text):
            if (big := parse_number(m.group())) is not None:
                found.append(SizeWord(m.start(), m.end(), "number", float(big), strong=False))
    if "band_cup" in kinds:
        for m in BAND_CUP.finditer(text):
            band, cup = m["band"] or m["band2"] or m["band3"], m["cup"] or m["cup2"] or m["cup3"]
            found.append(SizeWord(m.start(), m.end(), "band_cup", float(band), key=f"{int(band)}{cup}"))
    if "dims" in kinds:
        for m in DIMS.finditer(text):
            found.append(SizeWord(m.start(), m.end(), "dims", key=f"{int(m['a'])}x{int(m['b'])}"))
        for m in DIMS_METRES.finditer(text):
            if m["ua"] or m["ub"] or "." in m.group():  # "2*3" alone may be a sum; "1.5x2", "2米乘2米" are a bed
                a, b = round(float(m["a"]) * 100), round(float(m["b"]) * 100)
                found.append(SizeWord(m.start(), m.end(), "dims", key=f"{a}x{b}"))
    if "model" in kinds:
        for m in MODEL.finditer(text):
            found.append(SizeWord(m.start(), m.end(), "model", float(m["n"]), key=_model_key(m["n"], m["s"]),
                                  strong=bool(m["s"])))
    if "height_fit" in kinds:
        for m in HEIGHT_FIT.finditer(text):
            found.append(SizeWord(m.start(), m.end(), "height_fit", float(m["h"]), key=f"{m['h']}/{m['w']}{m['t'] or ''}"))
    if "small_number" in kinds:
        for m in SMALL_NUMBER.finditer(text):
            digit = m["d"] or m["en"] or m["bare"]
            value = float(digit) if digit else parse_figure(m["cn"] or m["cndec"])
            if value:
                found.append(SizeWord(m.start(), m.end(), "number", float(value), strong=bool(m["d"] or m["cn"])))
    if "tyre" in kinds:
        for m in TYRE.finditer(text):
            found.append(SizeWord(m.start(), m.end(), "tyre", float(m["d"]), key=f"{m['w']}/{m['r']}/{m['d']}"))
    if "power" in kinds:
        for m in POWER.finditer(text):
            degrees = m["deg"] or m["neg"] or parse_number(m["cn"] or m["cn2"] or m["bare"] or "")
            if m["bare"] and int(degrees or 0) % 25:
                continue  # "两百一" is no power: powers go by 0.25
            value = float(m["n"]) if m["n"] else int(degrees) / 100 if degrees else None
            if m["w"] or m["cnw"]:
                whole = m["w"] or str(parse_number(m["cnw"]))
                value = float(whole + "." + "".join(str(parse_number(d)) for d in (m["cnd"] or "0")))
            if value:
                found.append(SizeWord(m.start(), m.end(), "power", value))
    if "measured" in kinds:
        for m in MEASURED.finditer(text):
            value = float(m["n"] or m["r"] or m["r2"]) + (0.5 if m["half"] else 0)
            found.append(SizeWord(m.start(), m.end(), "number", value))
    for m in NUMBER.finditer(text):
        if m["d"]:
            value = float(m["d"]) + (0.5 if m["half"] else 0)
            strong = bool(m["half"] or m["suffix"])
        elif m["cndec"]:
            if (decimal := parse_figure(m["cndec"])) is None:
                continue
            value, strong = decimal, False
        else:
            number = parse_number(m["cn"])
            if number is None or number < 10:
                continue
            value = number + (0.5 if m["cnhalf"] else 0)
            strong = True
        found.append(SizeWord(m.start(), m.end(), "number", value, strong=strong))
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    kept: list[SizeWord] = []
    for word in found:
        if not any(k.start < word.end and word.start < k.end for k in kept):
            kept.append(word)
    return kept


def matches(shape: SizeShape, word: SizeWord) -> bool:
    """Whether a size word names this label exactly."""
    if shape.kind == "quantity":
        if word.kind == "quantity":
            same_unit = word.unit == shape.unit or (shape.unit == "gb" and word.unit == "g")  # "256g" of 256GB
            return same_unit and abs((word.value or 0) - (shape.value or 0)) < 1e-6
        if word.kind == "number" and shape.value is not None:
            # A bare figure in the label's own unit ("50" for 50ml, "1.8" for 1.8m) or the base unit ("150").
            own = round(shape.value / UNITS[shape.key or ""][1], 6) if shape.key in UNITS else None
            return word.value in (own, shape.value)
        return False
    if shape.kind == "height_fit":
        if word.kind == "height_fit":  # "170/74" names "170/74A"; "170/76a" names nothing
            return bool(word.key and shape.key and (word.key == shape.key or (
                not word.key[-1].isalpha() and shape.key.startswith(word.key))))
        if word.kind == "band_cup":  # "74a": the waist and body type alone
            return bool(shape.key and shape.key.endswith("/" + (word.key or "")))
        return word.kind == "number" and word.value == shape.value
    if shape.kind == "number":
        return word.kind == "number" and word.value == shape.value
    if shape.kind == "counted" and shape.count and not shape.count.is_range:
        # "12和14都要蓝色" of bikes sold in 12寸/14寸; a model letter must be written ("680" is not 680XL)
        # (a measure's letters need not be: "12000" is the mouse's 12000DPI, "10000" a power bank's 10000mAh)
        return word.kind == "number" and word.value == shape.value and (not shape.count.unit.isascii() or (
            len(shape.count.unit) >= 3 and (word.value or 0) >= 1000))
    if shape.kind == "range" and shape.count and shape.count.high is not None:
        # "颈围22" or "22cm" of XS(颈围20-25cm): a figure inside the range the label sizes for
        if word.kind == "quantity":
            scale = UNITS[shape.count.unit][1]
            return word.unit == shape.unit and shape.count.value * scale <= (word.value or 0) <= shape.count.high * scale
        return word.kind == "number" and shape.count.value <= (word.value or 0) <= shape.count.high
    if shape.kind == "power":  # "-1.50" as "1.5" read as a plain figure ("1.5的") too
        return word.kind in ("power", "number") and abs((word.value or 0) - (shape.value or 0)) < 1e-6
    if shape.kind in ("band_cup", "dims", "tyre"):
        return word.kind == shape.kind and word.key == shape.key
    if shape.kind == "model":
        if word.kind == "model":
            return word.key == shape.key
        return word.kind == "number" and word.value == shape.value and shape.key == f"{int(shape.value or 0)}|"
    return False


def in_family(shape: SizeShape, word: SizeWord) -> bool:
    """A size word naming part of this label: band 70 of 70A, model 15 of every 15 model."""
    if word.kind == "number" and shape.kind == "band_cup":
        return word.value == shape.value
    if word.kind in ("number", "model") and shape.kind == "model" and word.key != shape.key:
        return word.value == shape.value and (word.kind == "number")
    return False
