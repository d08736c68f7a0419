"""Sizes counted in a unit of the shop's own (寸, 度, 枚装, 段, 双装, U, XL, age ranges), storage sizes and short
colour forms, read from the labels of the fifth dev catalog the way viewers write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.models import Catalog, Product
from assistant.vocab import read_options
from assistant.vocab.naming import dimension_word, size_label
from assistant.vocab.reading import labels_naming

DATA = Path(__file__).parents[1] / "comments" / "data"
PRODUCTS = {p.id: p for p in Catalog.model_validate_json(
    (DATA / "vocab-catalog-kinds.json").read_text("utf-8")).products}


@pytest.mark.parametrize(("product_id", "text", "colours", "sizes"), [
    ("BK-971", "要一辆十四寸的", [], ["14寸"]),  # Chinese numerals before a unit of the shop's
    ("BK-971", "14英寸粉", ["樱花粉"], ["14寸"]),  # 英寸 and 寸 are one unit
    ("MN-970", "27 inches white", ["白色"], ["27英寸"]),  # the unit's English word (CC-CEDICT), plural
    ("GL-972", "二百度的透明框", ["透明框"], ["200度"]),
    ("GL-972", "两百五十度", [], ["250度"]),
    ("GL-972", "150 degrees", [], ["150度"]),
    ("EG-973", "来二十颗装的", [], ["20枚装"]),  # any counting word counts eggs
    ("EG-973", "20 pcs", [], ["20枚装"]),
    ("RC-974", "南瓜 stage 1", ["南瓜味"], ["1段"]),  # English puts the unit word first
    ("RC-974", "一段的", [], ["1段"]),
    ("SK-981", "六双黑色", ["黑色"], ["6双装"]),
    ("SK-981", "3 pack grey", ["灰色"], ["3双装"]),  # a pack word names the pack of that many
    ("WA-988", "二十四瓶", [], ["24瓶装"]),
    ("RK-983", "5u的蓝色", ["极光蓝"], ["5U"]),
    ("IC-982", "680xl", [], ["680XL"]),
    ("IC-982", "680 彩色", ["彩色"], ["680"]),  # the bare model number is not its XL
    ("PZ-980", "六到十二岁", [], ["6-12岁"]),  # age ranges, either numeral
    ("PZ-980", "2~3岁公主", ["公主款"], ["2-3岁"]),
    ("PZ-980", "4岁的恐龙", ["恐龙款"], ["3-6岁"]),  # an age inside one range
    ("AP-979", "九斤的大果", ["特级大果"], ["9斤装"]),  # 斤装 is a weight
    ("AP-979", "3 jin", [], ["3斤装"]),
    ("TB-975", "512g 紫", ["紫色"], ["512GB"]),  # storage: G, GB, T, TB are one unit
    ("TB-975", "1t 星光", ["星光色"], ["1TB"]),
    ("SD-976", "1tb 银", ["银色"], ["1T"]),
    ("SD-976", "500gb", [], ["500G"]),
    ("PH-977", "白钛金属 512", ["白色钛金属"], ["512GB"]),  # short forms of a colour label
    ("PH-977", "沙漠色钛 1t", ["沙漠色钛金属"], ["1TB"]),
    ("PH-977", "black titanium 256gb", ["黑色钛金属"], ["256GB"]),
])
def test_counted_sizes_storage_and_short_colours(product_id: str, text: str, colours: list[str],
                                                  sizes: list[str]) -> None:
    reading = read_options(PRODUCTS[product_id], text)
    assert (reading.colours, reading.sizes) == (colours, sizes)


@pytest.mark.parametrize(("product_id", "text", "unknown"), [
    ("BK-971", "有22寸吗", "22寸"),
    ("GL-972", "八百度", "八百度"),
    ("SK-981", "4双装", "4双装"),
    ("TB-975", "64g的", None),  # a storage size the tablet lacks: no size read as another
])
def test_a_counted_size_the_product_lacks_is_named_as_written(product_id: str, text: str, unknown: str | None) -> None:
    reading = read_options(PRODUCTS[product_id], text)
    assert reading.sizes == [] and reading.unknown_size in (unknown, "64g")


def test_no_such_option_is_never_said_of_a_word_a_label_contains() -> None:
    eggs: Product = PRODUCTS["EG-973"]
    assert labels_naming(eggs.sizes(), "二十") == ["20枚装"]
    assert labels_naming(eggs.sizes(), "2") == []  # numbers as numbers: 2 is not 20
    assert labels_naming(["S", "M", "XL"], "L") == []  # a letter size must equal the label
    assert labels_naming(["豆沙紫", "正红"], "紫") == ["豆沙紫"]


def test_counted_labels_are_named_as_the_catalog_writes_them() -> None:
    socks, eggs = PRODUCTS["SK-981"], PRODUCTS["EG-973"]
    assert size_label("6双装", "zh", socks) == "6双装"  # no 码 glued to a pack
    assert size_label("6枚装", "en", eggs) == "6枚装"
    assert dimension_word(PRODUCTS["TB-975"], "size", "zh") == "容量"


def test_ops_reads_counted_sizes_and_short_colours_through_the_same_reader() -> None:
    from assistant.vocab import colour_of, size_of

    assert size_of(PRODUCTS["MN-970"], "二十七寸") == "27英寸"
    assert size_of(PRODUCTS["SD-976"], "1tb") == "1T"
    assert colour_of(PRODUCTS["PH-977"], "黑钛") == "黑色钛金属"
    assert size_of(PRODUCTS["GL-972"], "350度") is None  # not one of its degrees


@pytest.mark.parametrize(("text", "colours", "sizes"), [
    ("5 jin big ones", ["特级大果"], ["5斤装"]),  # a grade by its size character, in English
    ("medium 9 jin", ["一级中果"], ["9斤装"]),
    ("small ones", [], []),  # no grade of these apples is 小
])
def test_a_grade_is_named_in_english_by_its_size_character(text: str, colours: list[str], sizes: list[str]) -> None:
    reading = read_options(PRODUCTS["AP-979"], text)
    assert (reading.colours, reading.sizes) == (colours, sizes)
