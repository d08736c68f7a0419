"""A power bank's capacity in mAh, 毫安 and 万 ("两万毫安", "3万的", "30000"); a lens power as "负三", "负二点五"
or a plain "1.5的"; a pack count ending a colour label ("日抛10片") by its count ("十片装", "10 pack"); "度数最高的";
a size the product lacks beside a piece of a label ("16cm的高枕") names neither."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("BANK-1", "充电宝", ["曜石黑", "象牙白"], ["5000mAh", "10000mAh 20W", "20000mAh"]),
    product("LENS-2", "月抛隐形眼镜", ["月抛2片", "月抛6片"], ["-0.00", "-1.50", "-3.00", "-3.50", "-8.00"]),
    product("PILLOW-3", "乳胶枕", ["标准款"], ["矮枕7cm", "高枕12cm"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str, str | None, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.intent, got.colour, got.size, got.unknown_size


@pytest.mark.parametrize(("text", "size"), [
    ("两万毫安的还有吗", "20000mAh"), ("黑色1万的", "10000mAh 20W"), ("white 5000?", "5000mAh"),
])
def test_capacity_in_mah_and_wan(text: str, size: str) -> None:
    assert _read(text, "BANK-1")[2] == size


def test_a_capacity_the_product_lacks() -> None:
    assert _read("有三万毫安的吗", "BANK-1")[2:] == (None, "三万毫安")


@pytest.mark.parametrize(("text", "colour", "size"), [
    ("负三的6片装有货没", "月抛6片", "-3.00"),
    ("负三点五两片的", "月抛2片", "-3.50"),
    ("1.5的2片还有吗", "月抛2片", "-1.50"),
    ("do you have -3.00 in the 6 pack", "月抛6片", "-3.00"),
    ("度数最高的六片装", "月抛6片", "-8.00"),
])
def test_lens_powers_and_packs(text: str, colour: str, size: str) -> None:
    assert _read(text, "LENS-2")[1:3] == (colour, size)


def test_a_size_it_lacks_beside_a_piece_of_a_label_names_neither() -> None:
    assert _read("有15cm的高枕吗", "PILLOW-3")[2:] == (None, "15cm")


SHOP = catalog(
    product("ADAPTER-4", "转接头", ["Type-C转HDMI", "USB-A转Type-C", "Lightning转3.5mm"], ["单个装"]),
    product("CUSHION-5", "抱枕", ["W01 奶白", "W02 燕麦"], ["45×45cm"]),
    product("SLIPPER-6", "拖鞋", ["灰色"], ["36-37", "38-39"]),
    product("BRA-7", "文胸", ["肤色"], ["70B", "75B", "75C", "80B"]),
)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("c转hdmi还有吗", "ADAPTER-4", "Type-C转HDMI", None),
    ("usb to c in stock?", "ADAPTER-4", "USB-A转Type-C", None),
    ("2号色还有吗", "CUSHION-5", "W02 燕麦", None),  # a letter shade code by its number and 号色
    ("灰色3839能拍吗", "SLIPPER-6", "灰色", "38-39"),  # a range written run together
    ("80的肤色", "BRA-7", "肤色", "80B"),  # the one cup of a band
])
def test_labels_by_their_shortened_forms(text: str, focus: str, colour: str, size: str | None) -> None:
    got = CommentParser(SHOP).parse(text, StreamContext(focus))
    assert (got.intent, got.colour) == ("availability", colour) and (size is None or got.size == size)


def test_a_band_of_two_cups_names_neither() -> None:
    got = CommentParser(SHOP).parse("75的肤色", StreamContext("BRA-7"))
    assert got.size is None and set(got.size_family) == {"75B", "75C"}


HOME = catalog(
    product("SHEET-8", "四件套", ["燕麦色", "奶咖", "克莱因蓝"], ["1.5m床", "1.8m床"]),
    product("WINE-9", "红酒", ["赤霞珠", "梅洛"], ["单支750ml", "整箱6支"]),
)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("咖啡色的1.8还有吗", "SHEET-8", "奶咖", "1.8m床"),  # a shade the lexicon does not place, by its colour head
    ("梅洛6支装有吗", "WINE-9", "梅洛", "整箱6支"),  # a count ending a label
    ("家人们赤霞珠整箱还有木有 冲冲冲", "WINE-9", "赤霞珠", "整箱6支"),  # the room's calls are filler
])
def test_shades_counts_and_filler(text: str, focus: str, colour: str, size: str) -> None:
    got = CommentParser(HOME).parse(text, StreamContext(focus))
    assert (got.intent, got.colour, got.size) == ("availability", colour, size)


@pytest.mark.parametrize(("text", "focus", "colour"), [
    ("燕麦色还有木有🙏🙏", "SHEET-8", "燕麦色"),  # emoji are filler
    ("家人们 梅洛还有吗 急急急 在线等", "WINE-9", "梅洛"),  # and so is urging
])
def test_an_option_asked_amid_emoji_and_urging(text: str, focus: str, colour: str) -> None:
    got = CommentParser(HOME).parse(text, StreamContext(focus))
    assert (got.intent, got.product_id, got.colour) == ("availability", focus, colour)


def test_a_colour_no_label_has_is_still_no_such_colour() -> None:
    got = CommentParser(HOME).parse("有黑色的吗", StreamContext("SHEET-8"))
    assert (got.colour, got.unknown_colour) == (None, "黑色")
