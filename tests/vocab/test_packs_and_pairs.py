"""A whole case or one bottle asked by its container ("一箱" of 整箱6支, "一瓶" of 500ml 单瓶, "一坛" of a jar), and
several variants joined by 和/跟 each asked as written, never every colour with every size."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from assistant.vocab.naming import size_label
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("WINE-1", "红酒", ["赤霞珠", "梅洛"], ["单支750ml", "双支礼盒", "整箱6支"]),
    product("RICE-WINE-2", "黄酒", ["三年陈", "五年陈"], ["500ml 单瓶", "500ml×6 整箱", "2.5L 坛装"]),
    product("POWER-3", "户外电源", ["沙漠黄", "军绿色"], ["600W 518Wh", "1200W 1024Wh", "2400W 2048Wh"]),
    product("BASE-4", "粉底液", ["1C0 冷调象牙白", "2N0 自然色"], ["30ml 正装", "5ml 小样"]),
)
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize(("text", "focus", "size"), [
    ("赤霞珠一箱还有吗", "WINE-1", "整箱6支"),
    ("梅洛来一瓶", "WINE-1", "单支750ml"),
    ("五年陈一坛有吗", "RICE-WINE-2", "2.5L 坛装"),
    ("三年陈一瓶", "RICE-WINE-2", "500ml 单瓶"),
    ("五年陈按箱买有吗", "RICE-WINE-2", "500ml×6 整箱"),
    ("梅洛两支礼盒装还有没", "WINE-1", "双支礼盒"),  # 双 said as 两, and never "no 两支"
])
def test_a_pack_asked_by_its_container(text: str, focus: str, size: str) -> None:
    assert PARSER.parse(text, StreamContext(focus)).size == size


@pytest.mark.parametrize(("text", "focus", "pairs"), [
    ("沙漠黄600W跟军绿2400W还有吗", "POWER-3", {("沙漠黄", "600W 518Wh"), ("军绿色", "2400W 2048Wh")}),
    ("1C0正装和2N0小样各一个 有吗", "BASE-4", {("1C0 冷调象牙白", "30ml 正装"), ("2N0 自然色", "5ml 小样")}),
    ("赤霞珠一箱 梅洛单支 都要", "WINE-1", {("赤霞珠", "整箱6支"), ("梅洛", "单支750ml")}),
])
def test_variants_joined_by_a_joining_word_are_paired_as_written(text: str, focus: str, pairs: set) -> None:
    assert set(PARSER.parse(text, StreamContext(focus)).variants) == pairs


def test_two_colours_then_sizes_are_still_every_combination() -> None:
    got = PARSER.parse("沙漠黄和军绿都要600W和2400W", StreamContext("POWER-3"))
    assert len(got.variants) == 4


INK = catalog(product("INK-5", "墨盒", ["黑色", "彩色"], ["680", "680XL", "803 标准装", "803XL 加大容量"]))
INK_PARSER = CommentParser(INK)


def test_a_bare_model_number_beside_its_lettered_model_names_both() -> None:
    got = INK_PARSER.parse("彩色803有吗", StreamContext("INK-5"))
    assert got.size is None and set(got.size_family) == {"803 标准装", "803XL 加大容量"}


def test_a_label_that_is_the_number_itself_is_named_by_it() -> None:
    assert INK_PARSER.parse("680彩色有吗", StreamContext("INK-5")).size == "680"


@pytest.mark.parametrize("text", ["803彩色加大", "八零三彩色加大", "彩色803加大的"])
def test_pieces_of_one_label_with_a_colour_between_name_it(text: str) -> None:
    got = INK_PARSER.parse(text, StreamContext("INK-5"))
    assert (got.colour, got.size) == ("彩色", "803XL 加大容量")


def test_a_model_number_is_named_without_a_garment_size_word() -> None:
    [ink] = INK.products
    assert size_label("680", "zh", ink) == "680" and size_label("680", "en", ink) == "680"


SIZED = catalog(
    product("SPIRIT-6", "白酒", ["光瓶", "礼盒"], ["53度 500ml", "53度 1L", "43度 500ml", "53度 100ml×2"]),
    product("RACKET-7", "羽毛球拍", ["白色", "橙色"], ["3U(约88g)", "4U(约83g)", "5U(约78g)"]),
    product("BRACELET-8", "手链", ["白水晶", "黑曜石"], ["15cm【手围13-14cm】", "16.5cm【手围14-15cm】",
                                                    "18cm【手围15.5-16.5cm】"]),
)
SIZED_PARSER = CommentParser(SIZED)


@pytest.mark.parametrize(("text", "focus", "size"), [
    ("光瓶的最大瓶还有吗", "SPIRIT-6", "53度 1L"),  # by its volume, not its degrees
    ("最小瓶的礼盒", "SPIRIT-6", "53度 100ml×2"),
    ("最重的橙色", "RACKET-7", "3U(约88g)"),  # by its weight: 3U is the heaviest
    ("最轻的白色有吗", "RACKET-7", "5U(约78g)"),
])
def test_an_end_of_the_order_by_what_the_labels_measure(text: str, focus: str, size: str) -> None:
    assert SIZED_PARSER.parse(text, StreamContext(focus)).size == size


@pytest.mark.parametrize(("text", "size"), [
    ("白水晶16.5cm还有吗", "16.5cm【手围14-15cm】"),  # its own length, though inside the 18cm one's wrist range
    ("16.5的黑曜石", "16.5cm【手围14-15cm】"),
    ("手围16.5cm的有吗", "18cm【手围15.5-16.5cm】"),  # written after the range's word: the wrist
])
def test_a_label_s_own_size_before_another_label_s_range(text: str, size: str) -> None:
    assert SIZED_PARSER.parse(text, StreamContext("BRACELET-8")).size == size


BEER = catalog(product("BEER-9", "精酿啤酒", ["小麦白啤", "世涛黑啤"], ["330ml×6罐", "500ml×12罐", "1L×2桶"]))
BEER_PARSER = CommentParser(BEER)


@pytest.mark.parametrize(("text", "size"), [
    ("黑啤有小桶吗", "1L×2桶"),  # the one label in kegs, not the smallest pack
    ("桶装的白啤", "1L×2桶"),
    ("黑啤大罐", "500ml×12罐"),  # the largest of the cans, not the keg
    ("小罐的白啤", "330ml×6罐"),
])
def test_a_container_only_some_labels_are_sold_in(text: str, size: str) -> None:
    assert BEER_PARSER.parse(text, StreamContext("BEER-9")).size == size


def test_a_container_several_labels_share_names_them_all() -> None:
    assert set(BEER_PARSER.parse("罐装的有吗", StreamContext("BEER-9")).size_family) == {"330ml×6罐", "500ml×12罐"}


NECKLACE = catalog(product("NECKLACE-10", "项链", ["S925银 白金色", "钛钢 玫瑰金", "钛钢 银色"], ["40cm", "45cm"]))


@pytest.mark.parametrize("text", ["925银45还有吗", "925的40", "项链0.45米的925银"])
def test_a_metal_s_number_names_its_label(text: str) -> None:
    assert CommentParser(NECKLACE).parse(text, StreamContext("NECKLACE-10")).colour == "S925银 白金色"


RINGS_AND_LENSES = catalog(
    product("RING-11", "素圈镶钻戒指", ["S925银 素圈", "18K金 镶钻"], ["8号", "12号", "18号"]),
    product("LENS-12", "隐形眼镜", ["日抛5片体验装", "日抛30片装", "月抛2片装"], ["-3.00", "-4.50"]),
)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("十八号素圈", "RING-11", "S925银 素圈", "18号"),  # a word of a label though the name has it too
    ("最小号的素圈", "RING-11", "S925银 素圈", "8号"),
    ("四百五十度 日抛三十片装", "LENS-12", "日抛30片装", "-4.50"),  # the rest of the label beside it
    ("日抛的300度", "LENS-12", None, "-3.00"),  # a word two labels share, beside a size
])
def test_an_option_alone_with_the_words_of_its_labels_asks_for_it(text: str, focus: str, colour: str | None,
                                                                   size: str) -> None:
    got = CommentParser(RINGS_AND_LENSES).parse(text, StreamContext(focus))
    assert (got.intent, got.product_id, got.colour, got.size) == ("availability", focus, colour, size)


def test_the_words_of_a_label_apart_from_it_are_still_talk() -> None:
    got = CommentParser(RINGS_AND_LENSES).parse("日抛戴着舒服 -3.00的我先不买了", StreamContext("LENS-12"))
    assert got.intent == "other"


TACKLE = catalog(
    product("LINE-13", "鱼线", ["尼龙主线", "碳素子线"], ["0.8号 100米", "1.5号 100米", "3.0号 50米"]),
    product("HOOK-14", "鱼钩", ["伊势尼", "袖钩"], ["3号 50枚", "5号 50枚", "8号 30枚"]),
)
TACKLE_LINEUP = {1: "HOOK-14", 5: "LINE-13"}


@pytest.mark.parametrize(("text", "focus", "size"), [
    ("袖钩五号", "HOOK-14", "5号 50枚"),  # a number piece of a label, not link 5
    ("主线3号", "LINE-13", "3.0号 50米"),
    ("零点八号子线", "LINE-13", "0.8号 100米"),  # a spoken decimal
    ("一点五号的主线", "LINE-13", "1.5号 100米"),  # "五号" after 点 is no link
])
def test_a_numbered_piece_of_a_label(text: str, focus: str, size: str) -> None:
    got = CommentParser(TACKLE).parse(text, StreamContext(focus, TACKLE_LINEUP))
    assert (got.product_id, got.size) == (focus, size)


def test_two_numbers_of_one_shape_are_two_sizes_not_a_size_no_label_has() -> None:
    got = CommentParser(TACKLE).parse("伊势尼3号5号各两包", StreamContext("HOOK-14", TACKLE_LINEUP))
    assert got.unknown_size is None and set(got.variants) == {("伊势尼", "3号 50枚"), ("伊势尼", "5号 50枚")}


CABLES = catalog(
    product("CABLE-15", "数据线", ["C-C 60W", "C-C 240W", "A-Micro 安卓"], ["1m", "2m"]),
    product("RING-16", "戒指", ["S925银 素圈", "18K金 镶钻"], ["9号", "10号"]),
    product("OIL-17", "机油", ["0W-20", "5W-30"], ["1L", "4L"]),
)


@pytest.mark.parametrize(("text", "focus", "colour"), [
    ("240w 1米", "CABLE-15", "C-C 240W"),  # a word of figures and letters of one label
    ("2m micro usb cable available?", "CABLE-15", "A-Micro 安卓"),  # a Latin word of one label
    ("18k的9号", "RING-16", "18K金 镶钻"),
])
def test_a_distinctive_word_of_a_colour_label_names_it(text: str, focus: str, colour: str) -> None:
    assert CommentParser(CABLES).parse(text, StreamContext(focus)).colour == colour


def test_half_a_figure_written_with_a_dash_names_no_label() -> None:
    assert CommentParser(CABLES).parse("5w的4L有吗", StreamContext("OIL-17")).colour is None


CAT_FOOD = catalog(product("CAT-18", "猫粮", ["幼猫 1-12月", "老年猫 7岁+"], ["1.5kg", "4kg"]))


def test_a_colour_word_cut_where_the_product_s_name_starts() -> None:
    got = CommentParser(CAT_FOOD).parse("老年猫粮一点五公斤", StreamContext("CAT-18"))
    assert (got.intent, got.colour, got.size) == ("availability", "老年猫 7岁+", "1.5kg")


CHARGERS = catalog(product("CHARGER-19", "充电头", ["月光白", "石墨黑"], ["33W 单C口", "67W 2C1A", "100W 3C1A"]))


def test_the_dimension_s_own_word_beside_an_option_is_no_other_talk() -> None:
    got = CommentParser(CHARGERS).parse("功率最小的白色充电头", StreamContext("CHARGER-19"))
    assert (got.intent, got.colour, got.size) == ("availability", "月光白", "33W 单C口")


@pytest.mark.parametrize(("text", "colour", "size"), [("3C1A黑的", "石墨黑", "100W 3C1A"), ("2c1a的白色", "月光白", "67W 2C1A")])
def test_a_charger_by_its_ports(text: str, colour: str, size: str) -> None:
    got = CommentParser(CHARGERS).parse(text, StreamContext("CHARGER-19"))
    assert (got.intent, got.colour, got.size) == ("availability", colour, size)
