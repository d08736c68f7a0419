"""A size labelled with the range it fits ("M(56-58cm)", "XS(颈围20-25cm)", "NB(0-5kg)") is named by a figure
inside that range; a label's words typed half in pinyin ("lan色") or with an inner character left out ("豆腐砂");
a two-decimal size figure ("0.38" of 0.38mm); a count beside the option ("6L4包") is no other talk."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("HAT-1", "渔夫帽", ["卡其色", "藏青色"], ["M(54-56cm)", "L(57-59cm)", "XL(60-62cm)"]),
    product("HARNESS-2", "胸背带", ["橘色", "天蓝色"], ["S(胸围30-40cm)", "M(胸围40-50cm)"]),
    product("PANTS-3", "拉拉裤", ["轻薄款"], ["L(9-14kg)", "XL(12-17kg)"]),
    product("PEN-4", "中性笔", ["黑色", "蓝色"], ["0.5mm 10支装", "0.38mm 10支装"]),
    product("LITTER-5", "猫砂", ["松木猫砂", "原味膨润土"], ["6L*4包"]),
    product("SOCK-6", "船袜", ["浅灰色", "咖啡色"], ["均码"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.intent, got.colour, got.size


@pytest.mark.parametrize(("text", "focus", "size"), [
    ("头围58的有吗", "HAT-1", "L(57-59cm)"),
    ("藏青61cm", "HAT-1", "XL(60-62cm)"),
    ("胸围35的", "HARNESS-2", "S(胸围30-40cm)"),
    ("宝宝10公斤的还有吗", "PANTS-3", "L(9-14kg)"),
])
def test_a_figure_inside_a_labels_range_names_it(text: str, focus: str, size: str) -> None:
    assert _read(text, focus)[::2] == ("availability", size)


def test_a_figure_two_ranges_share_names_neither() -> None:
    got = PARSER.parse("胸围40的有吗", StreamContext("HARNESS-2"))
    assert got.size is None and set(got.size_family) == {"S(胸围30-40cm)", "M(胸围40-50cm)"}


def test_a_figure_outside_every_range_names_no_label() -> None:
    assert _read("头围50的有吗", "HAT-1")[2] is None


def test_a_weight_in_a_range_with_a_word_of_choosing_is_size_advice() -> None:
    assert _read("宝宝13公斤选哪个", "PANTS-3")[0] == "size_advice"


@pytest.mark.parametrize(("text", "focus", "colour"), [
    ("lan色0.5", "PEN-4", "蓝色"),
    ("zang青的m", "HAT-1", "藏青色"),
    ("天lan色m", "HARNESS-2", "天蓝色"),
    ("咖啡色有吗", "SOCK-6", "咖啡色"),
])
def test_a_label_typed_half_in_pinyin(text: str, focus: str, colour: str) -> None:
    assert _read(text, focus)[:2] == ("availability", colour)


def test_a_size_figure_with_two_decimals() -> None:
    assert _read("黑色0.38", "PEN-4") == ("availability", "黑色", "0.38mm 10支装")


def test_an_inner_character_left_out_and_a_count_beside_are_no_other_talk() -> None:
    assert _read("松木砂6L4包的", "LITTER-5") == ("availability", "松木猫砂", "6L*4包")
