"""Colour labels of several words where a word is shared ("日抛" of two colours, "非偏光" of two lenses): the word
with another names the one label having both ("冰川灰月抛"), or no label ("混血蓝日抛" of a 混血蓝 sold 月抛 only,
"中强度白色" where 中强度 comes only in black), never another label as if asked. A tie at an end of the order
("最宽的" of 8cm 常规款 / 8cm 礼盒装) names neither; a lens power said bare ("250", "两百五") is that power."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("LENS-1", "彩色美瞳", ["冰川灰(日抛10片)", "冰川灰(月抛2片)", "琥珀棕(日抛10片)", "混血蓝(月抛2片)"],
            ["0度", "-1.00", "-2.50", "-6.00"]),
    product("SUN-2", "太阳镜", ["黑灰片(偏光)", "茶色片(偏光)", "茶色片(非偏光)", "渐变粉(非偏光)"], ["均码"]),
    product("BRA-3", "运动内衣", ["雾霾蓝-升级款", "【高强度】白色", "【高强度】黑色", "【中强度】黑色"], ["S", "M", "L"]),
    product("TIE-4", "领带", ["藏青斜纹", "酒红纯色"], ["6cm 窄款", "8cm 常规款", "8cm 礼盒装"]),
)
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize(("text", "focus", "colour"), [
    ("冰川灰月抛还有吗", "LENS-1", "冰川灰(月抛2片)"),
    ("日抛灰色的有吗", "LENS-1", "冰川灰(日抛10片)"),
    ("墨镜茶色非偏光的", "SUN-2", "茶色片(非偏光)"),
    ("茶色不偏光的有吗", "SUN-2", "茶色片(非偏光)"),  # 不偏光 is 非偏光, never 茶色片(偏光)
])
def test_a_shared_word_with_another_names_the_one_label_having_both(text: str, focus: str, colour: str) -> None:
    assert PARSER.parse(text, StreamContext(focus)).colour == colour


@pytest.mark.parametrize(("text", "focus"), [
    ("混血蓝有日抛的吗", "LENS-1"),  # 混血蓝 comes 月抛 only
    ("琥珀棕月抛", "LENS-1"),
    ("黑色非偏光有吗", "SUN-2"),
    ("中强度白色有吗", "BRA-3"),  # 中强度 comes in black only
])
def test_words_no_one_label_has_together_name_no_label(text: str, focus: str) -> None:
    understood = PARSER.parse(text, StreamContext(focus))

    assert understood.colour is None and understood.unknown_colour


def test_a_tie_at_an_end_of_the_order_names_neither() -> None:
    understood = PARSER.parse("领带最宽的还有吗", StreamContext("TIE-4"))

    assert understood.size is None and set(understood.size_family) == {"8cm 常规款", "8cm 礼盒装"}
    assert PARSER.parse("最窄的", StreamContext("TIE-4")).size == "6cm 窄款"


@pytest.mark.parametrize(("text", "size"), [
    ("冰川灰月抛250的有吗", "-2.50"),
    ("冰川灰月抛两百五有没有", "-2.50"),
    ("日抛灰100度", "-1.00"),  # 度 counted like 0度, yet a power
])
def test_a_power_said_bare_or_in_degrees_is_that_power(text: str, size: str) -> None:
    assert PARSER.parse(text, StreamContext("LENS-1")).size == size


@pytest.mark.parametrize("text", ["日抛灰10片装的", "冰川灰199元贵吗"])
def test_a_count_or_a_price_is_no_power(text: str) -> None:
    assert PARSER.parse(text, StreamContext("LENS-1")).size is None
