"""The words viewers write for one colour-slot label, generated from the label itself.

A label's pieces and stems ("豆沙紫" -> 豆沙), its shade codes ("#05", "05", "5号色"), figures of its own
("3000k", "1.56"), a pack's count ("日抛10片" -> 十片装, "10 pack"), a connector's shortenings ("Type-C转Lightning"
-> c转l), pinyin (full, initials, and typed half in pinyin: "lan色"). ProductOptions (options.py) keeps the
forms that name one label of its product.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from assistant.vocab.batteries import battery_forms
from assistant.vocab.colour_words import COLOUR_WORDS
from assistant.vocab.compound import numeral_forms
from assistant.vocab.counted import COUNTING_WORDS
from assistant.vocab.lexicon import COLOUR_LEXICON
from assistant.vocab.shapes import QUANTITY, UNITS
from assistant.vocab.text import normalise_term, parse_number

CJK = re.compile(r"[\u3400-\u9fff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
SHADE_CODE = re.compile(r"#\s?(\d{1,3})|(\d{1,3})\s?号色")
# "#999 正红", "RD01", a foundation's "1C0" / "2N" / "N1": a shade code in a label
SHADE_LABEL = re.compile(r"#?[a-z]{0,2}\d{2,4}[a-z]?(?![a-z0-9])|(?<![a-z0-9])(?:\d[a-z]\d?|[a-z]\d)(?= )")
# A colour label that starts with its number: a yarn's "12 酒红", "03 米白".
NUMBERED_NAME = re.compile(r"(\d{1,3})\s+[\u4e00-\u9fff]")
LEVEL = re.compile(r"(\d{1,2}\.\d)\s")
OWN_FIGURE = re.compile(r"(?<![\d.])\d{4,5}k(?![a-z])|(?<![\d.])\d\.\d{2}(?![\d.])")
# A count of pieces ending a label ("8只装", "日抛10片", "整箱6支").
PACK_COUNT = re.compile(rf"(?<![\d.])(?P<n>\d{{1,3}})(?P<u>[{COUNTING_WORDS}])装?$")
# A shade code of letters and digits: a foundation's "1C0", "2N", "C01", "NC15".
LETTER_CODE = re.compile(r"\d[a-z]\d?|[a-z]{1,2}\d{1,3}")
LABEL_SUFFIX = re.compile(r"(?:色|味|款|式|系|香型|香)$")  # 香: a scent, as 味 a flavour ("薰衣草香"); 式: 落地式 is 落地
NOT_PINYIN = {"a", "an", "and", "are", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it",
               "me", "my", "no", "of", "ok", "on", "or", "so", "to", "up", "us", "we", "ya", "pm", "am"}


@lru_cache(maxsize=16384)
def pinyin_of(ch: str) -> str:
    return lazy_pinyin(ch)[0]


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin, imported when a word is first read as pinyin, not with this module: its dictionaries cost a
    second or two of start-up that a command reading no text never needs."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


def code_forms(number: str) -> set[str]:
    n = int(number)
    return {f"#{n}", f"#{n:02d}", f"{n:02d}", f"{n}号色", f"{n:02d}号色", f"色号{n}", f"色号{n:02d}",
            f"{CN_DIGIT[n]}号色" if n < 10 else f"{n}号色", f"{n:02d}号"}


CN_DIGIT = "零一二三四五六七八九"
GENERIC_COLOUR_WORDS = frozenset(normalise_term(w) for words in COLOUR_WORDS.values() for w in words)


def colour_forms(label: str, zh_name: str) -> set[str]:
    text = normalise_term(label)
    forms = {text, text.replace(" ", "")}
    for m in SHADE_CODE.finditer(text):
        forms |= code_forms(m.group(1) or m.group(2))
    if numbered_name := NUMBERED_NAME.match(text):  # a yarn's "12 酒红": 12号色, 色号12, #12, never a bare 12
        forms |= {f for f in code_forms(numbered_name.group(1)) if not f.isdigit() and not f.endswith("号") or "色" in f}
    # A figure of the label's own that no viewer reads as anything else: a light's "3000k", a lens's "1.56".
    forms |= set(OWN_FIGURE.findall(text))
    if level := LEVEL.match(text):  # a hair dye's "4.0 深棕": its level "4.0" names it (never a bare "4")
        forms.add(level.group(1))
    if quantity := QUANTITY.fullmatch(text):  # paper sold by weight in the colour slot: "70g" is also 70克
        forms |= {f"{quantity['n']}{unit}" for unit, same in UNITS.items() if same == UNITS[quantity["u"]]}
        if re.fullmatch(r"\d{3,4}", quantity["n"]):  # a bottle's "240ml" also as "240的": three digits are no link
            forms.add(quantity["n"])
    # a code, not the first half of a figure written with a dash: "5w" of an oil's "5W-30" names no label alone
    codes = [m.group() for m in SHADE_LABEL.finditer(text) if LETTER_CODE.fullmatch(m.group())
             and not re.match(r"\s\d", text[m.end():])]
    forms |= set(codes) | {re.sub(r"(?<=[a-z])0+(?=\d)", "", c) for c in codes}  # "c01" is also written "c1"
    for code in codes:  # "C03 墨绿" is also "3号色", "色号3": never a bare 3, which is a link
        if number := re.fullmatch(r"[a-z]{1,2}0*(\d{1,3})", code):
            forms |= {f for f in code_forms(number[1]) if "色" in f}
        if long := re.fullmatch(r"[a-z]{1,2}(\d{3,4})", code):  # a silver's "S925银" is also "925", "925银"
            forms |= {long[1]} | {t.replace(code, long[1]) for t in text.split() if code in t and t != code}
    forms |= battery_forms(label, "电池" in zh_name)
    # a pack in the colour slot ("8只装" of crabs sold by weight, "日抛10片" of lenses) by its count, in Chinese
    # numerals, with or without 装, and as English packs: 八只装, 8只, 十片装, 10片, "10 pack"
    if pack := PACK_COUNT.search(text):
        count = pack["n"] + pack["u"]
        forms |= {f for form in numeral_forms(count) | {count} for f in (form, form + "装")}
        forms |= {f"{pack['n']} pack", f"{pack['n']}pack", f"{pack['n']} pcs", f"{pack['n']}pcs"}
    # a pack counted in Chinese ("单包", "两包装"): also by its figure, "一包", "1包", "2包装"
    if said := re.fullmatch(rf"(?P<n>单|[{CN_DIGIT[1:]}两十]{{1,2}})(?P<u>[{COUNTING_WORDS}])装?", text):
        pieces = 1 if said["n"] == "单" else parse_number(said["n"])
        if pieces:
            count = f"{pieces}{said['u']}"
            forms |= {f for form in numeral_forms(count) | {count} for f in (form, form + "装")}
    forms |= connector_forms(text)
    tokens = [t for t in re.split(r"[\s\-_/·]+", text) if t]
    if 3 <= len(tokens) <= 4:  # "35W 双口 白色": any two of its words in order, "35w白色", "双口白色"
        forms |= {joiner.join(pair) for pair in combinations(tokens, 2) for joiner in ("", " ")}
    if len(tokens) >= 2:  # a word of figures and letters ("240w" of C-C 240W, "18k" of 18K金 镶钻) or a
        # Latin word ("micro" of A-Micro 安卓) names the label where no other label has it (options.py checks)
        # (a word of its own: "5w" of an oil's 5W-30 is half a figure)
        forms |= set(re.findall(r"(?<![\w.])(\d+[a-z]+)(?=[\u4e00-\u9fff]|\s(?!\d)|$)", text))
        forms |= {t for t in tokens if re.fullmatch(r"[a-z]{4,}", t)}
    if (numbered := re.fullmatch(r"(\d)\s?号", text)) and numbered.group(1) != "0":
        forms.add(f"{CN_DIGIT[int(numbered.group(1))]}号")  # a battery's "5号" is also 五号, never link 5
    for run in CJK_RUN.findall(re.sub(r"\d+\s?号色", " ", text)):
        stem = LABEL_SUFFIX.sub("", run)
        core, mark, rest = run.partition("色")
        if core and mark and rest:  # "黑色钛金属" is also 黑钛, 黑色钛 and 黑钛金属; "沙漠色钛金属" 沙漠钛
            forms |= {core + rest[0], core + mark + rest[0], core + rest}
            # and by the colour's other names: "原色钛金属" is 天然色钛, 自然钛 (a viewer's synonym of 原色)
            for word in synonyms(core + mark):
                forms |= {word + rest[0], word.removesuffix("色") + rest[0]}
        forms |= {run, stem} if len(stem) >= 2 else {run}
        if len(stem) >= 3:
            forms.add(stem[:2])
        if len(stem) >= 4:
            forms.add(stem[-2:])
        if len(stem) >= 5:  # "压榨花生油" is also 花生油, "非转基因玉米油" 玉米油: the last word names it
            forms |= {stem[-3:], stem[:3]}
        if len(run) >= 5 and run != stem:  # "五常稻花香" is also 稻花香: the last word with its suffix
            forms.add(run[-3:])
        if len(stem) == 4:
            forms.add(stem[0] + stem[2])  # two words by their first characters: "浅度烘焙" is 浅烘
        if 4 <= len(stem) <= 5:  # one inner character left out: "豆腐砂" of 豆腐猫砂, "压榨生油" of 压榨花生油
            forms |= {stem[:i] + stem[i + 1 :] for i in range(1, len(stem) - 1)}
        if run.endswith("味") and len(stem) >= 2:
            forms.add(stem[-1] + "的")  # "香辣味" -> "辣的"
    return {f for f in forms if len(f) >= 2 and f != zh_name}


def synonyms(word: str) -> set[str]:
    """The lexicon's other Chinese words for the colour a word names ("原色" -> 天然色, 自然色, 本色)."""
    canonical = COLOUR_LEXICON.canonical_of(word)
    return {w for w in COLOUR_WORDS.get(canonical or "", ()) if not w.isascii() and w.endswith("色") and w != word}


CONNECTOR = re.compile(r"(?P<a>[a-z0-9][a-z0-9\- ]*?)\s?(?:转|to)\s?(?P<b>[a-z0-9][a-z0-9\- ]*)")


def connector_forms(text: str) -> set[str]:
    """An adapter's or cable's "Type-C转Lightning" as viewers shorten it: c转l, c to lightning, typec转lightning,
    a转c and usb转typec of "USB-A转Type-C", c2c; and either end alone ("lightning") where it is the label's own."""
    if not (m := CONNECTOR.fullmatch(text)):
        return set()
    ends = [connector_end(m["a"]), connector_end(m["b"])]
    forms = {f"{a}{joiner}{b}" for a in ends[0] for b in ends[1] for joiner in ("转", " to ", "to")}
    forms |= {f"{a}2{b}" for a in ends[0] for b in ends[1] if len(a) == len(b) == 1}
    return forms | {end for end in ends[0] | ends[1] if len(end) >= 5}


def connector_end(end: str) -> set[str]:
    plain = end.replace("-", "").replace(" ", "")
    forms = {end.strip(), plain}
    for prefix in ("type", "usb"):
        if plain.startswith(prefix) and len(plain) > len(prefix):
            forms |= {plain[len(prefix):], f"{prefix} {plain[len(prefix):]}"}
            if prefix == "usb":
                forms.add("usb")  # "USB转typec": a plain USB plug is the A end
    if plain == "lightning":
        forms.add("l")
    return forms


@lru_cache(maxsize=16384)  # labels repeat across a catalog's products; pinyin is the costly part
def mixed_forms(label: str) -> frozenset[str]:
    """A label's words with one character typed as its pinyin ("lan色" of 蓝色, "jun绿" of 军绿色): viewers
    switch input mode mid-word. The colour suffix stays Chinese ("蓝se" is typed by nobody)."""
    forms = set()
    for run in CJK_RUN.findall(normalise_term(label)):
        for piece in {run, LABEL_SUFFIX.sub("", run)}:
            if not 2 <= len(piece) <= 4:
                continue
            syllables = lazy_pinyin(piece)
            if len(syllables) != len(piece) or not all(s.isascii() for s in syllables):
                continue
            # any run of characters short of the whole word: "yunwu白", "jun绿", "玫瑰jin"
            for i in range(len(piece)):
                for j in range(i + 1, len(piece) + (i > 0)):
                    typed = "".join(syllables[i:j])
                    if len(typed) >= 2 and not (j == len(piece) and piece[-1] in "色味款"):
                        forms.add(piece[:i] + typed + piece[j:])
    return frozenset(forms)


def pinyin_forms(word: str) -> set[str]:
    chars = [ch for ch in word if CJK.match(ch)]
    if len(chars) < 2:
        return set()
    syllables = lazy_pinyin("".join(chars))  # as a phrase: 藏青 is "zang qing", not "cang qing"
    forms = {"".join(syllables), "".join(s[0] for s in syllables)}
    stem = LABEL_SUFFIX.sub("", "".join(chars))
    if 2 <= len(stem) < len(chars):
        forms |= {"".join(syllables[: len(stem)]), "".join(s[0] for s in syllables[: len(stem)])}
    return {f for f in forms if len(f) >= 2 and f not in NOT_PINYIN}
