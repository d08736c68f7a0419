"""Sizes by what they measure: "最重的" / "最短的" / "最厚的" of goods sized in weight or length (not of goods
sized otherwise), a ring's "十号", a set's "5件" of 5件套; colour names typed with a run of pinyin ("meigui金");
a product's name and its options alone ("2号 竹节银20") ask for them."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("KETTLE-1", "壶铃", ["哑光黑", "薄荷绿"], ["4kg", "8kg", "12kg"]),
    product("NECKLACE-2", "竹节项链", ["竹节银", "玫瑰金"], ["40cm", "45cm", "50cm"]),
    product("MAT-3", "地垫", ["奶咖色"], ["8mm 标准", "12mm 加厚"]),
    product("RING-4", "素圈戒指", ["铂金色"], ["10号", "12号", "14号"]),
    product("POT-5", "汤锅套装", ["珐琅白"], ["3件套", "5件套"]),
    product("TEE-6", "短袖T恤", ["白色", "黑色"], ["S", "M", "L"]),
)
LINEUP = {1: "KETTLE-1", 2: "NECKLACE-2"}
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str, str | None, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus, LINEUP))
    return got.intent, got.product_id, got.colour, got.size


@pytest.mark.parametrize(("text", "focus", "size"), [
    ("最重的还有吗", "KETTLE-1", "12kg"),
    ("最轻的黑色", "KETTLE-1", "4kg"),
    ("最短的那条有吗", "NECKLACE-2", "40cm"),
    ("最厚的有货吗", "MAT-3", "12mm 加厚"),
    ("戒指十号还有吗", "RING-4", "10号"),
    ("5件的还有吗", "POT-5", "5件套"),
])
def test_sizes_by_what_they_measure(text: str, focus: str, size: str) -> None:
    assert _read(text, focus)[3] == size


def test_a_measure_the_goods_are_not_sized_in_names_no_size() -> None:
    assert _read("最重的还有吗", "TEE-6")[3] is None


def test_a_colour_typed_with_a_run_of_pinyin() -> None:
    assert _read("meigui金45有吗", "NECKLACE-2")[2:] == ("玫瑰金", "45cm")


def test_a_link_a_name_and_options_alone_ask_for_them() -> None:
    assert _read("2号 竹节银40", "TEE-6") == ("availability", "NECKLACE-2", "竹节银", "40cm")


GIFT = catalog(
    product("TEA-7", "白茶", ["特级", "一级"], ["100g罐装", "250g礼盒装"]),
    product("BOTTLE-8", "奶瓶", ["180ml", "260ml"], ["S号", "M号"]),
    product("TENT-9", "帐篷", ["卡其色", "墨绿色"], ["2人", "4人"]),
)
GIFT_PARSER = CommentParser(GIFT)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("送长辈的礼盒装一级有没", "TEA-7", "一级", "250g礼盒装"),  # the options named amid other words
    ("260的M号奶嘴还有吗", "BOTTLE-8", "260ml", "M号"),  # a volume in the colour slot by its figure
    ("卡其色4人的来一顶", "TENT-9", "卡其色", "4人"),  # a count of what is bought is no other talk
])
def test_options_named_amid_other_words(text: str, focus: str, colour: str, size: str) -> None:
    got = GIFT_PARSER.parse(text, StreamContext(focus))
    assert (got.intent, got.colour, got.size) == ("availability", colour, size)


@pytest.mark.parametrize("text", ["白茶有几个等级", "颜色就两个吗"])
def test_whole_product_questions_in_other_words(text: str) -> None:
    focus = "TEA-7" if "茶" in text else "TENT-9"
    got = GIFT_PARSER.parse(text, StreamContext(focus))
    assert (got.intent, got.product_id, got.colour, got.size) == ("availability", focus, None, None)


def test_a_height_said_to_be_the_viewers_is_no_size_of_clothes_charted_by_height() -> None:
    parser = CommentParser(catalog(product("KIDS-10", "儿童卫衣", ["藏青"], ["100cm", "110cm", "120cm"], size_chart={
        "unit": "cm/kg", "rows": [{"size": "110cm", "height": [105, 115]}]})))
    asked = parser.parse("身高一米一买多大", StreamContext("KIDS-10"))
    named = parser.parse("一米一的还有吗", StreamContext("KIDS-10"))
    assert (asked.intent, asked.height_cm) == ("size_advice", 110)
    assert (named.intent, named.size) == ("availability", "110cm")


WEAR = catalog(
    product("BRA-11", "文胸", ["肤色", "黑色"], ["70B", "75B", "75C"]),
    product("COAT-12", "羽绒服", ["黑色", "米白"], ["M", "L", "XL"]),
    product("CURTAIN-13", "窗帘", ["高级灰"], ["宽2米×高2.7米", "宽3米×高2.7米"]),
)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("75有C杯吗", "BRA-11", None, "75C"),  # a band, a word, and the cup named as a cup
    ("高级灰最大尺寸", "CURTAIN-13", "高级灰", "宽3米×高2.7米"),  # the dimension's own word is no other talk
])
def test_wear_and_home(text: str, focus: str, colour: str | None, size: str) -> None:
    got = CommentParser(WEAR).parse(text, StreamContext(focus))
    assert (got.intent, got.colour, got.size) == ("availability", colour, size)


def test_two_whole_colour_words_glued_are_both_asked() -> None:
    got = CommentParser(WEAR).parse("黑色白色都要L", StreamContext("COAT-12"))
    assert set(got.variants) == {("黑色", "L"), ("米白", "L")}
