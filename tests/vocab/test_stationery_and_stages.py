"""Options counted in pages, stages, packs and ranges of kilos, and choices for a use: "零点三八" is the 0.38mm
pen, "横线八十页" the ruled 80-page book, "点阵200页" a page count it lacks, "4到8公斤" the S nappies (not M, which
also holds 8kg), "一包" a single pack (never a bag), "一个人用买哪个" and "用0.38还是0.5" ask for advice."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("PEN-1", "中性笔", ["黑色", "墨蓝"], ["0.38mm 12支装", "0.5mm 12支装"]),
    product("BOOK-2", "笔记本", ["横线 80页", "横线 120页", "点阵 120页"], ["A5", "B5", "A4"]),
    product("NAPPY-3", "纸尿裤", ["单包", "两包装"], ["NB(0-5kg) 84片", "S(4-8kg) 76片", "M(6-11kg) 62片"]),
    product("MILK-4", "奶粉", ["1段(0-6月龄)", "2段(6-12月龄)"], ["400g罐装", "800g×2罐 礼盒"]),
    product("RICE-5", "电饭煲", ["珍珠白"], ["3L", "4L"]),
    product("LAPTOP-6", "笔记本电脑", ["皓月银"], ["i5 16G 512G", "i7 32G 1T"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.intent, got.colour, got.size


def test_a_figure_with_decimals_in_chinese_numerals() -> None:
    assert _read("零点三八墨蓝色还有吗", "PEN-1") == ("availability", "墨蓝", "0.38mm 12支装")


def test_a_word_several_labels_share_and_a_figure_name_the_one_having_both() -> None:
    assert _read("横线八十页A4有货吗", "BOOK-2") == ("availability", "横线 80页", "A4")


def test_the_figure_of_the_colour_named_is_no_size_it_lacks() -> None:
    got = PARSER.parse("一百二十页点阵还有吗", StreamContext("BOOK-2"))
    assert (got.colour, got.unknown_size) == ("点阵 120页", None)


def test_a_page_count_no_label_has_is_no_such_option_not_the_one_with_that_ruling() -> None:
    got = PARSER.parse("点阵200页的有吗", StreamContext("BOOK-2"))
    assert (got.colour, got.unknown_colour) == (None, "200页")


@pytest.mark.parametrize(("text", "size"), [("4到8公斤那个码还有吗", "S(4-8kg) 76片"), ("6-11kg的有吗", "M(6-11kg) 62片")])
def test_a_range_of_kilos_as_the_label_writes_it(text: str, size: str) -> None:
    assert _read(text, "NAPPY-3")[2] == size


def test_a_count_of_packs_is_the_single_pack_not_a_bag() -> None:
    got = PARSER.parse("新生儿码一包还剩多少", StreamContext("NAPPY-3"))
    assert (got.product_id, got.unknown_product, got.colour) == ("NAPPY-3", None, "单包")


def test_a_model_figure_and_a_memory_size_are_no_range_of_grams() -> None:
    got = PARSER.parse("皓月银i5 16G 512G还有吗", StreamContext("LAPTOP-6"))
    assert (got.size, got.unknown_size) == ("i5 16G 512G", None)


@pytest.mark.parametrize(("text", "focus"), [
    ("一个人用买哪个电饭煲", "RICE-5"), ("宝宝刚出生喝几段", "MILK-4"), ("学生考试用0.38还是0.5", "PEN-1"),
    ("新手用3L还是4L", "RICE-5"), ("which milk for a 5 month old", "MILK-4")])
def test_which_option_suits_a_use_is_size_advice(text: str, focus: str) -> None:
    assert PARSER.parse(text, StreamContext(focus)).intent == "size_advice"


@pytest.mark.parametrize("text", ["用微信还是支付宝", "选哪个颜色"])
def test_a_choice_between_other_things_is_no_size_advice(text: str) -> None:
    assert PARSER.parse(text, StreamContext("RICE-5")).intent != "size_advice"


def test_which_stages_the_gift_box_comes_in_is_a_whole_product_question() -> None:
    got = PARSER.parse("奶粉礼盒装有哪几段", StreamContext("MILK-4"))
    assert (got.intent, got.size, got.asks_for) == ("availability", "800g×2罐 礼盒", "colours")
