"""Comments typed in pinyin are Chinese: the product, the option and the stock words are read from the syllables
("jie zhi mei gui jin 14 hai you ma"), the reply is in Chinese; English stays English ("size 38", "can you")."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from assistant.vocab.pinyin_text import split_syllables, typed_in_pinyin
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("RING-1", "戒指", ["玫瑰金色", "铂金色"], ["港码14 (US7)", "港码16 (US8)"]),
    product("UNIFORM-2", "校服", ["春秋长袖", "冬季加绒"], ["120/60", "140/68"]),
    product("WIG-3", "假发", ["奶茶棕", "自然黑"], ["16寸(40cm)", "20寸(50cm)"]),
)
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize("text", ["jie zhi mei gui jin 14 hai you ma", "naibai 110", "xiang la 500", "hai you ma"])
def test_syllables_are_pinyin(text: str) -> None:
    assert typed_in_pinyin(text)


@pytest.mark.parametrize("text", ["size 38", "can you", "do you have m", "is the red one in m left?", "nice", "hs 75b"])
def test_english_is_no_pinyin(text: str) -> None:
    assert not typed_in_pinyin(text)


def test_a_word_splits_into_the_fewest_syllables() -> None:
    assert split_syllables("xianglian") == ("xiang", "lian")
    assert split_syllables("xyz") is None


@pytest.mark.parametrize(("text", "focus", "expected"), [
    ("jie zhi mei gui jin 14 hai you ma", "WIG-3", ("RING-1", "玫瑰金色", "港码14 (US7)")),
    ("xiao fu chun qiu 140", "RING-1", ("UNIFORM-2", "春秋长袖", "140/68")),
    ("jia fa nai cha zong 16", "RING-1", ("WIG-3", "奶茶棕", "16寸(40cm)")),
])
def test_a_question_typed_in_pinyin_is_read_and_answered_in_chinese(
        text: str, focus: str, expected: tuple[str, str, str]) -> None:
    got = PARSER.parse(text, StreamContext(focus))
    assert (got.intent, got.language, (got.product_id, got.colour, got.size)) == ("availability", "zh", expected)
