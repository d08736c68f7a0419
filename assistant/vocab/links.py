"""Link numbers: "3号链接", "链接3", "三号", "第十二个", "link 3", "#3 link", "3#"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.vocab.text import CN_NUMERAL_CHARS, compile_fast, parse_number

_NUM = rf"(\d{{1,3}}|[{CN_NUMERAL_CHARS}]{{1,4}})"
_LINK_WORD = r"(?:链接|连接|链|宝贝|商品)"

# Unambiguous forms: the number is tied to a word for "link".
_DEFINITE = compile_fast(
    rf"(?<![\d.])(?:{_NUM}\s?(?:号|#)?\s?{_LINK_WORD}"
    rf"|{_LINK_WORD}\s?(?:号|#)?\s?{_NUM}"
    rf"|第\s?{_NUM}\s?(?:(?:个|号|款)\s?{_LINK_WORD}?|{_LINK_WORD})"
    rf"|(?<![a-z])(?:link|item|product|no\.?|number)\s?#?\s?(\d{{1,3}})(?![\d])"
    rf"|(?<![a-z0-9])#\s?(\d{{1,3}})\s?(?:link|item)"
    rf"|(?<![a-z0-9])(\d{{1,3}})(?:st|nd|rd|th)?\s(?:link|item)"
    rf"|(?<![\d#])(\d{{1,2}})\s?#(?!\d))"
)
# "三号" / "3号" may also be a size ("42号"); the parser decides with the product's sizes.
_BARE_NUMBER = compile_fast(rf"(?<![\d.#a-z点]){_NUM}\s?号(?!色)")  # "一点五号" is a line's 1.5号, no link 5
# "#3" alone: a link unless the product has a shade with that code (checked before this runs).
_HASH_NUMBER = compile_fast(r"(?<![a-z0-9])#\s?([1-9]\d?)(?![\d])")  # "#02" is a shade code, never a link


@dataclass(frozen=True, slots=True)
class LinkMention:
    number: int
    start: int
    end: int
    definite: bool


# Most comments name no link; one cheap look spares the three patterns below.
_HINT = re.compile(r"[号链连宝商第#]|link|item|product|no|number")


def find_links(text: str) -> list[LinkMention]:
    mentions: list[LinkMention] = []
    if not _HINT.search(text):
        return mentions
    taken: list[tuple[int, int]] = []
    for pattern, definite in ((_DEFINITE, True), (_BARE_NUMBER, False), (_HASH_NUMBER, True)):
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in taken):
                continue
            token = next(g for g in m.groups() if g)
            number = parse_number(token)
            if number is None or number == 0:
                continue
            mentions.append(LinkMention(number, m.start(), m.end(), definite))
            taken.append((m.start(), m.end()))
    return mentions
