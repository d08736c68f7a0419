"""Battery sizes by their two names: the IEC letters viewers and labels use (AA, AAA) and the Chinese numbers
(5号, 7号). A shop labels its cells one way; a viewer writes either, so each label also answers to the other name.
This is a standard's fixed correspondence, not shop vocabulary, so it is a table."""

from __future__ import annotations

import re

# IEC 60086 sizes and their Chinese names (GB/T 8897): AA is 5号, AAA 7号, C 2号, D 1号, AAAA 9号.
_CHINESE_OF = {"aaaa": 9, "aaa": 7, "aa": 5, "c": 2, "d": 1}
_LETTERS_OF = {n: letters for letters, n in _CHINESE_OF.items()}
_CN_DIGIT = "零一二三四五六七八九"
_CHINESE_LABEL = re.compile(r"(\d)\s?号(?:电池)?")
# A size asked by either name with the word battery beside it: "1号电池", "d battery", "9号电池".
_ASKED = re.compile(r"(?<![\d#])[1-9一二三四五六七八九]\s?号|(?<![a-z])(?:aaaa|aaa|aa|c|d)(?![a-z])")
_BATTERY_WORD = re.compile(r"\s?(?:电池|batter(?:y|ies))")


def battery_forms(label: str, battery_product: bool) -> set[str]:
    """The other name of a battery label: "aa" -> 5号, 五号; "5号" (of a battery) -> aa."""
    text = label.strip().lower()
    if text in _CHINESE_OF:
        n = _CHINESE_OF[text]
        return {f"{n}号", f"{_CN_DIGIT[n]}号"}
    if battery_product and (m := _CHINESE_LABEL.fullmatch(text)) and int(m.group(1)) in _LETTERS_OF:
        return {_LETTERS_OF[int(m.group(1))]}
    return set()


def is_battery_label(label: str) -> bool:
    text = label.strip().lower()
    return text in _CHINESE_OF or bool(_CHINESE_LABEL.fullmatch(text))


def asked_size(text: str, rest: str) -> str | None:
    """A battery size written in rest (text with the words already read blanked) and followed, in text, by the
    word battery: "1号电池" asked of AA/AAA cells, never a bare "1号" (a link number)."""
    for m in _ASKED.finditer(rest):
        if _BATTERY_WORD.match(text, m.end()):
            return m.group()
    return None
