"""Figures as viewers say them: metres with two digits after ("一米二五", "1米15"), a Chinese numeral after pinyin
("meishi三十颗"), a size with 超/特/加 before it ("超大号" is no 大号), a count inside a label of several words
("6个装" of 小号 6个装); a variety's name with nothing on screen points at its product; a question in Indonesian
with an English loanword is still Indonesian."""

from __future__ import annotations

import pytest

from assistant.comments.languages import language_of
from assistant.comments.understanding import CommentParser, StreamContext
from assistant.vocab.text import normalise
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("BELT-1", "皮带", ["针扣", "自动扣"], ["105cm", "115cm", "125cm"]),
    product("TEA-2", "茶包", ["茉莉味", "蜜桃味"], ["10包", "30包"]),
    product("BOX-3", "收纳盒", ["透明", "磨砂白"], ["小号 6个装", "中号 3个装", "大号 3个装"]),
    product("RICE-4", "大米", ["五常稻花香", "东北长粒香"], ["5kg", "10kg"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.product_id, got.colour, got.size, got.unknown_size


@pytest.mark.parametrize(("text", "size"), [("一米二五的自动扣有吗", "125cm"), ("1米15的", "115cm"), ("一米零五", "105cm")])
def test_metres_with_two_digits_after(text: str, size: str) -> None:
    assert _read(text, "BELT-1")[2] == size


def test_a_chinese_numeral_after_pinyin() -> None:
    assert _read("moli三十包还有吗", "TEA-2")[1:3] == ("茉莉味", "30包")


def test_a_size_with_a_modifier_before_it_is_no_such_size() -> None:
    assert _read("有超大号吗", "BOX-3")[2:] == (None, "超大号")


def test_a_count_inside_a_label_of_several_words() -> None:
    assert _read("6个装的还有吗", "BOX-3")[2] == "小号 6个装"


def test_a_variety_with_nothing_on_screen_points_at_itsproduct() -> None:
    assert _read("稻花香10kg还有吗", None)[:3] == ("RICE-4", "五常稻花香", "10kg")


def test_a_variety_another_product_has_is_not_taken_from_the_screen() -> None:
    assert _read("有稻花香吗", "TEA-2")[0] != "RICE-4"


@pytest.mark.parametrize(("text", "language"), [
    ("Masih ada charger 65W?", "id"), ("Ada beras 5kg?", "id"), ("tem preto M?", "pt"), ("any black M left?", "en"),
])
def test_asking_words_of_other_languages(text: str, language: str) -> None:
    assert language_of(normalise(text)) == language


@pytest.mark.parametrize(("text", "focus", "asks_for"), [
    ("皮带都有多长的", "BELT-1", "sizes"),
    ("大米几斤装的有哪些", "RICE-4", "sizes"),
    ("茶包有几个味道", "TEA-2", "colours"),
])
def test_whole_product_questions_in_the_products_own_measure(text: str, focus: str, asks_for: str) -> None:
    got = PARSER.parse(text, StreamContext(focus))
    assert (got.intent, got.product_id, got.asks_for) == ("availability", focus, asks_for)


def test_what_something_tastes_like_is_still_no_stock_question() -> None:
    assert PARSER.parse("茶包味道怎么样", StreamContext("TEA-2")).intent == "other"


ENGLISH = catalog(
    product("OIL-5", "食用油", ["压榨花生油", "非转基因大豆油"], ["1.8L", "5L"]),
    product("PAINT-6", "乳胶漆", ["W01 暖白", "G02 浅灰"], ["1L装", "5L装"]),
)


@pytest.mark.parametrize(("text", "focus", "colour"), [
    ("peanut oil 5L in stock?", "OIL-5", "压榨花生油"),
    ("any warm white 5L left?", "PAINT-6", "W01 暖白"),
])
def test_english_words_of_a_chinese_label_word_by_word(text: str, focus: str, colour: str) -> None:
    got = CommentParser(ENGLISH).parse(text, StreamContext(focus))
    assert (got.intent, got.colour, got.language) == ("availability", colour, "en")


def test_another_products_variety_with_its_own_size_points_at_it() -> None:
    got = PARSER.parse("10kg的稻花香还剩多少", StreamContext("TEA-2"))
    assert (got.intent, got.product_id, got.colour, got.size) == ("availability", "RICE-4", "五常稻花香", "10kg")


def test_a_quantity_is_never_a_bare_number_of_a_counted_size() -> None:
    assert PARSER.parse("10公斤的还有吗", StreamContext("TEA-2")).size != "10包"


@pytest.mark.parametrize(("said", "written"), [("一零一有吗", "101有吗"), ("三零六还有吗", "306还有吗"), ("二零二四年", "2024年")])
def test_a_code_said_digit_by_digit_is_its_digits(said: str, written: str) -> None:
    assert normalise(said).text == written


@pytest.mark.parametrize("said", ["一百零一", "一米零五", "零点八号"])
def test_numerals_with_their_units_stay_numerals(said: str) -> None:
    assert normalise(said).text == said
