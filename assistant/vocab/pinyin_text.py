"""Comments typed in pinyin: "jie zhi mei gui jin 14 hai you ma" is Chinese, not English or Malay.

The syllables are pypinyin's own (every reading in its dictionary, tones dropped), not a list kept here; a word is
pinyin when it splits into them ("meiguijin" -> mei gui jin). A comment is typed in pinyin when every word of
letters is (letter sizes and words with figures aside) and one of them is no English word too, English words being
those CC-CEDICT's glosses use often (english.py reads the dictionary): "can you" is English, "hai you ma" is not.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

# A word written this many times in CC-CEDICT's English glosses is English ("size", "nice", "can"); pinyin words
# are written there seldom ("hai" 17 times, "xiang" once): "size 38" is English, "hai you ma" is not.
_ENGLISH_USES = 20
_WORD = re.compile(r"(?<![a-z0-9])[a-zü]+(?![a-z0-9])")  # words with figures ("40de", "75b") aside
_LETTER_SIZE = re.compile(r"x{0,3}[sml]|xs|xxs")


@cache
def syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin reads a character as (about 420); read once, on first use."""
    from pypinyin import Style
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.style import convert

    return frozenset(convert(reading, Style.NORMAL, strict=False)
                     for readings in PINYIN_DICT.values() for reading in readings.split(","))


@lru_cache(maxsize=16384)
def split_syllables(word: str) -> tuple[str, ...] | None:
    """The word as pinyin syllables, fewest first ("xianglian" -> xiang lian), or None when it is no pinyin."""
    known = syllables()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in known and (
                    best[end] is None or len(head) + 1 < len(best[end] or ())):
                best[end] = (*head, word[start:end])
    return best[len(word)]


@cache
def _english_words() -> frozenset[str]:
    """Words CC-CEDICT's glosses use often enough to be English, read once on first use."""
    from assistant.vocab.english import gloss_text

    counts = Counter(re.findall(r"(?<![A-Za-z])[a-z]+", gloss_text()))  # lower-case words: names ("Xiang") are not
    return frozenset(word for word, uses in counts.items() if uses >= _ENGLISH_USES)


def typed_in_pinyin(text: str) -> bool:
    """Whether a comment's words of letters are all pinyin, one of them no English word ("naibai 110", "hai you ma")."""
    words = [w for w in _WORD.findall(text) if not _LETTER_SIZE.fullmatch(w)]
    if not words or any(split_syllables(w) is None for w in words):
        return False
    if sum(len(split_syllables(w) or ()) for w in words) < 2:
        return False
    english = _english_words()
    return any(w not in english for w in words)
