"""A product's options read from its own labels: each kind of label shape, as viewers write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.models import Catalog
from assistant.vocab.naming import dimension_word, fit_options, size_label
from assistant.vocab.options import ProductOptions
from assistant.vocab.sizes import find_sizes
from assistant.vocab.text import normalise

DATA = Path(__file__).parents[1] / "comments" / "data"
PRODUCTS = {p.id: p for name in ("apparel", "home", "beauty")
            for p in Catalog.model_validate_json((DATA / f"vocab-catalog-{name}.json").read_text("utf-8")).products}


def read(product_id: str, text: str) -> tuple[list[str], list[str]]:
    norm = normalise(text)
    reading = ProductOptions(PRODUCTS[product_id]).read(norm.text, find_sizes(norm.text, norm.has_cjk))
    return reading.colours, reading.sizes


@pytest.mark.parametrize(("product_id", "text", "colours", "sizes"), [
    ("LF-630", "杏色三十六码半", ["apricot"], ["36.5"]),  # the half is kept
    ("LF-630", "黑的39半", ["black"], ["39.5"]),
    ("BD-730", "一米五的灰", ["灰色"], ["1.5m"]),
    ("BD-730", "两米", [], ["2.0m"]),
    ("BD-730", "床是150的", [], ["1.5m"]),
    ("JK-711", "一斤的黑椒", ["黑椒"], ["1斤"]),
    ("JK-711", "500克蜜汁", ["蜜汁"], ["1斤"]),
    ("JK-710", "辣的半斤", ["香辣味"], ["250g"]),
    ("PF-721", "雪松五十毫升", ["雪松"], ["50ml"]),
    ("BR-620", "C85 黑色", ["黑色"], ["85C"]),
    ("PC-810", "15 pro max 透明", ["透明"], ["iPhone 15 Pro Max"]),
    ("PC-810", "15p 深紫", ["深紫"], ["iPhone 15 Pro"]),
    ("PC-811", "15promax", [], ["15 Pro Max"]),
    ("BD-731", "48×74", [], ["48x74cm"]),
    ("CU-820", "色号07", ["#07 中性色"], []),
    ("LP-821", "三号色", ["3号色 枫叶"], []),
    ("TS-650", "香檳色M", ["香槟金"], ["M"]),  # a traditional spelling of the shop's own alias
    ("KD-610", "nai bai 一百", ["奶白"], ["100"]),  # pinyin, spaced
    ("KD-610", "zq 130", ["藏青"], ["130"]),  # initials
    ("LF-630", "blakc 38", ["black"], ["38"]),  # one slip in an English label
    ("PF-720", "最大瓶", [], ["100ml"]),
    ("JK-710", "小包装", [], ["250g"]),
    ("PC-810", "紫色的", ["深紫"], []),  # a colour family finds the product's shade of it
])
def test_labels_are_read_in_the_forms_viewers_write(product_id: str, text: str, colours: list[str],
                                                   sizes: list[str]) -> None:
    assert read(product_id, text) == (colours, sizes)


def test_a_lone_colour_character_inside_a_word_is_no_colour() -> None:
    for text in ("黑幕", "罗小黑", "红地毯", "白鹤亮翅", "灰太狼", "红红火火"):
        assert read("TS-650", text) == ([], []), text
    assert read("TS-650", "黑白都要M") == (["black", "white"], ["M"])


def test_a_partial_size_names_its_family_and_a_missing_one_is_unknown() -> None:
    options = ProductOptions(PRODUCTS["BR-620"])
    reading = options.read("有70的吗", [])
    assert (reading.sizes, reading.size_family, reading.unknown_size) == ([], ["70A", "70B"], None)
    jeans = ProductOptions(PRODUCTS["JN-640"]).read("33有吗", [])
    assert (jeans.sizes, jeans.unknown_size) == ([], "33")


def test_ambiguous_words_are_not_guessed() -> None:
    # Two blues on the kids' hoodie ("雾霾蓝", "藏青" is navy): "蓝" picks the one spelled with it.
    assert read("KD-610", "蓝色") == (["雾霾蓝"], [])
    # Initials are weak: "nb 90" is the cream hoodie in 90, a lone "nb" (also chat for 牛逼) is nothing.
    assert read("KD-610", "nb 90") == (["奶白"], ["90"])
    assert read("KD-610", "nb") == ([], [])
    assert read("PC-810", "tm的能不能") == ([], [])


def test_naming_a_variant_follows_the_label() -> None:
    assert size_label("37.5", "zh") == "37.5码"
    assert size_label("XL", "zh") == "XL码"
    for label in ("250g", "1.8m", "50ml", "75B", "40x60cm"):
        assert size_label(label, "zh") == label
    assert size_label("15", "zh", PRODUCTS["PC-811"]) == "15"  # a phone model, not a clothing size
    assert dimension_word(PRODUCTS["PC-810"], "size", "zh") == "型号"
    assert dimension_word(PRODUCTS["JK-710"], "colour", "zh") == "口味"
    assert dimension_word(PRODUCTS["PF-720"], "size", "zh") == "容量"
    assert dimension_word(PRODUCTS["CU-820"], "colour", "en") == "shades"


def test_an_option_list_is_whole_unless_it_cannot_fit() -> None:
    assert fit_options(["90码", "100码", "110码", "120码", "130码"], "zh") == ("90码、100码、110码、120码、130码", 0)
    many = [f"#{n:02d} 很长很长的色号名字" for n in range(1, 30)]
    text, count = fit_options(many, "zh")
    assert text.endswith("等29个") and count == 29 and len(text) <= 120
    assert fit_options(many, "en")[0].endswith(f"and {fit_options(many, 'en')[1]} more")


GOODS = {p.id: p for p in Catalog.model_validate_json(
    (DATA / "vocab-catalog-goods.json").read_text("utf-8")).products}


@pytest.mark.parametrize(("product_id", "text", "colours", "sizes"), [
    ("TR-950", "黑色的十一号", ["黑色"], ["11号"]),  # a label carrying its unit word, in numerals
    ("TR-950", "戒指六号有货吗", [], ["6号"]),  # one digit, with its suffix
    ("TR-950", "gold size 9?", ["金色"], ["9号"]),
    ("CH-959", "六十七瓦白色", ["白色"], ["67W"]),
    ("CH-959", "black 67w in stock?", ["黑色"], ["67W"]),
    ("BD-954", "金色38毫米", ["金色"], ["38mm"]),
    ("BD-955", "橄榄绿41和45都要", ["橄榄绿"], ["41mm", "45mm"]),  # bare figures in the label's own unit
    ("RI-951", "糙米十斤装有货吗", ["糙米"], ["5kg"]),
    ("TE-953", "一两装还有吗", [], ["50g"]),
    ("TW-960", "70x140cm和90x180cm都要奶白", ["奶白"], ["70x140cm", "90x180cm"]),
    ("PA-958", "74A还有吗", [], ["170/74A"]),  # a 号型 by its waist and body type
    ("PA-958", "藏青色一百七有吗", ["藏青"], ["170/74A"]),
    ("PT-956", "新生儿码有货吗", [], ["NB"]),
    ("PT-956", "nb码有没有", [], ["NB"]),
    ("BD-955", "glacier blue 41?", ["冰川蓝"], ["41mm"]),  # English for a Chinese-only label (CC-CEDICT)
    ("DG-952", "beef 15kg available?", ["牛肉味"], ["15kg"]),
    ("TR-950", "steel 7 in stock?", ["钢色"], ["7号"]),
])
def test_labels_of_other_kinds_of_goods(product_id: str, text: str, colours: list[str], sizes: list[str]) -> None:
    norm = normalise(text)
    reading = ProductOptions(GOODS[product_id]).read(norm.text, find_sizes(norm.text, norm.has_cjk))
    assert (reading.colours, reading.sizes) == (colours, sizes)


def test_chat_is_not_a_size_of_these_goods() -> None:
    for product_id, text in (("PT-956", "主播nb"), ("TR-950", "6"), ("TR-950", "7天无理由吗"), ("TR-950", "来2单")):
        norm = normalise(text)
        reading = ProductOptions(GOODS[product_id]).read(norm.text, find_sizes(norm.text, norm.has_cjk))
        assert reading.sizes == [] and reading.unknown_size is None, text


def test_a_written_label_is_never_called_missing() -> None:
    reading = ProductOptions(GOODS["TR-950"]).read("有12号吗", [])
    assert reading.unknown_size == "12号" and reading.sizes == []  # 12号 is not a label of this ring
    reading = ProductOptions(GOODS["TR-950"]).read("有13号吗", [])
    assert reading.sizes == ["13号"] and reading.unknown_size is None


def test_staff_shorthand_and_plurals_are_the_vocabularys() -> None:
    from assistant.vocab.english import expand_shorthand, singular_words
    from assistant.vocab.lexicon import COLOUR_LEXICON

    assert [m.canonical for m in COLOUR_LEXICON.find("blk l")] == ["black"]
    assert expand_shorthand("hd 101 blk l qty", [(0, 10)]) == "hd 101 blk l stock"  # never inside a SKU code
    assert singular_words("any scarves left", lambda word: word == "scarf") == "any scarf left"
    assert size_label("12号", "en") == "size 12"
