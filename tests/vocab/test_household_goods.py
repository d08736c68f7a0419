"""Household and baby goods whose options are ranges of people, words of a mount, cans or grams: "4人" fits every
rice cooker whose range holds four, "落地" is the fans' 落地式 (never the 扫地机 next to it), "200g小罐" is a can the
formula lacks, "最轻的" racket is the one of fewest grams, a product's name typed in pinyin names it."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("FAN-1", "电风扇", ["落地式 遥控款", "落地式 机械款", "台式 机械款"], ["12寸(30cm)", "16寸(40cm)"]),
    product("VAC-2", "激光导航扫地机器人", ["皓月白"], ["X10", "X10 Pro"], aliases=["扫地机器人", "扫地机"]),
    product("RICE-3", "电饭煲", ["珍珠白"], ["3L 2-4人", "4L 3-6人", "5L 4-8人"]),
    product("MILK-4", "奶粉", ["1段", "2段"], ["400g罐装", "800g罐装", "800g×2罐 礼盒"]),
    product("RACKET-5", "羽毛球拍", ["曜石黑"], ["3U(85-89g)", "4U(80-84g)", "5U(75-79g)"]),
    product("NAPPY-6", "纸尿裤", ["单包"], ["S(4-8kg) 76片", "M(6-11kg) 62片"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str, str | None, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.intent, got.product_id, got.colour, got.size


def test_a_mount_said_without_its_suffix_is_the_fans_not_a_piece_of_another_name() -> None:
    assert _read("十六寸落地机械款能拍吗", "FAN-1") == ("availability", "FAN-1", "落地式 机械款", "16寸(40cm)")
    assert _read("落地遥控的有吗", "FAN-1")[2] == "落地式 遥控款"


def test_a_stock_word_said_twice_is_no_other_talk() -> None:
    assert _read("有木有有木有 16寸", "FAN-1") == ("availability", "FAN-1", None, "16寸(40cm)")


def test_marking_a_variant_sold_out_is_a_command() -> None:
    assert PARSER.parse("助理 把扫地机Pro Max标记售罄", StreamContext("VAC-2")).skip_reason == "command"


@pytest.mark.parametrize(("text", "size", "family"), [
    ("4人的电饭煲还有吗", None, {"3L 2-4人", "4L 3-6人", "5L 4-8人"}),
    ("5人用的有吗", None, {"4L 3-6人", "5L 4-8人"}),
    ("2人的还有吗", "3L 2-4人", set()),
    ("3到6人的有吗", "4L 3-6人", set()),
])
def test_a_count_of_people_names_the_labels_whose_range_holds_it(text: str, size: str | None, family: set[str]) -> None:
    got = PARSER.parse(text, StreamContext("RICE-3"))
    assert (got.size, set(got.size_family)) == (size, family)


def test_a_small_can_of_a_weight_the_product_lacks_is_that_weight_not_its_smallest() -> None:
    got = PARSER.parse("奶粉有200g小罐吗", StreamContext("MILK-4"))
    assert (got.size, got.unknown_size) == (None, "200g")


def test_a_container_every_label_spells_names_none_of_them() -> None:
    got = PARSER.parse("一段单罐还有吗", StreamContext("MILK-4"))
    assert got.size != "800g×2罐 礼盒"


@pytest.mark.parametrize(("text", "size"), [
    ("80g的黑色拍子还有吗", "4U(80-84g)"), ("最轻的拍子还有吗", "5U(75-79g)"), ("最重的还有吗", "3U(85-89g)")])
def test_a_racket_by_its_grams(text: str, size: str) -> None:
    assert _read(text, "RACKET-5")[3] == size


@pytest.mark.parametrize("text", ["zhiniaoku m码 还有吗", "zhi niao ku m码还有吗"])
def test_a_products_name_in_pinyin_names_it(text: str) -> None:
    assert _read(text, "FAN-1") == ("availability", "NAPPY-6", None, "M(6-11kg) 62片")
