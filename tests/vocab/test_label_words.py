"""Options named by the words of their labels: a connector then a length ("c转l一米"), two words of a
three-word label ("35w白色"), a pack by its container ("整箱", "一包"), a listed link and an option alone
("4号 6.0"); and a generic colour word that belongs to the product on screen, not to another's label."""

from __future__ import annotations

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext


def _product(pid: str, aliases: list[str], colours: list[str], sizes: list[str],
             colour_aliases: dict[str, list[str]] | None = None) -> dict[str, object]:
    return {"id": pid, "name": {"zh": aliases[0], "en": pid}, "aliases": aliases, "category": "goods",
            "price": {"amount": "29.00", "currency": "CNY"}, "tier": "B", "restock_lead_hours": 24,
            "substitutes": [], "colour_aliases": colour_aliases or {},
            "variants": [{"sku": f"{pid}-{c}-{s}", "on_hand": 9, "safety_stock": 1, "colour": colour, "size": size}
                         for c, colour in enumerate(colours) for s, size in enumerate(sizes)]}


CATALOG = Catalog.model_validate({"catalog_version": 1, "currency": "CNY", "products": [
    _product("CABLE-1", ["快充数据线", "数据线"], ["Type-C转Lightning", "USB-A转Type-C"], ["1m", "2m"],
             {"Type-C转Lightning": ["c转l"], "USB-A转Type-C": ["a转c"]}),
    _product("PLUG-2", ["氮化镓充电头", "充电头"], ["20W 单口 白色", "65W 三口 白色", "65W 三口 黑色"], ["标准版"]),
    _product("STRAP-3", ["硅胶表带", "表带"], ["氟橡胶-黑", "米兰尼斯-银"], ["20mm", "22mm"]),
    _product("PAPER-4", ["复印纸", "打印纸"], ["70g", "80g"], ["500张/包", "5包/箱"]),
    _product("DYE-5", ["染发膏"], ["4.0 深棕", "6.0 自然棕"], ["单支"]),
    _product("DIAPER-6", ["纸尿裤", "尿不湿"], ["超薄款"], ["NB(0-5kg)", "S 84片", "M 72片", "XL 52片"]),
    _product("TENT-7", ["速开帐篷", "帐篷"], ["沙色"], ["2人", "3-4人"]),
    _product("OIL-8", ["食用油", "油"], ["玉米油"], ["1.8L", "5L"]),
    _product("RICE-9", ["大米"], ["稻花香"], ["5kg", "10kg"]),
    _product("SHIRT-10", ["T恤"], ["白色"], ["S", "M", "均码加大"]),
    _product("LENS-11", ["隐形眼镜"], ["日抛 30片"], ["-1.00", "-1.50", "-2.00"]),
    _product("TYRE-12", ["轮胎"], ["静音型"], ["205/55R16", "215/60R17"]),
    _product("DRILL-13", ["电钻套装", "电钻"], ["标准套装"], ["12V单电", "12V双电"]),
]})
PARSER = CommentParser(CATALOG)
LINEUP = {1: "CABLE-1", 2: "PLUG-2", 3: "STRAP-3", 4: "PAPER-4", 5: "DYE-5", 9: "RICE-9"}


@pytest.mark.parametrize(("focus", "text", "product", "colour", "size"), [
    ("CABLE-1", "c转l一米还有没", "CABLE-1", "Type-C转Lightning", "1m"),  # a length right after a Latin letter
    ("CABLE-1", "a转c2米有吗", "CABLE-1", "USB-A转Type-C", "2m"),
    ("PLUG-2", "65w白色还有吗", "PLUG-2", "65W 三口 白色", None),  # two of the label's three words
    ("PLUG-2", "三口黑色有吗", "PLUG-2", "65W 三口 黑色", None),
    ("STRAP-3", "黑色22还有吗", "STRAP-3", "氟橡胶-黑", "22mm"),  # not the charger's "65W 三口 黑色"
    ("PAPER-4", "70克整箱还有吗", "PAPER-4", "70g", "5包/箱"),  # a pack by its container
    ("PAPER-4", "80g一包有没", "PAPER-4", "80g", "500张/包"),
    ("CABLE-1", "5号 6.0", "DYE-5", "6.0 自然棕", None),  # a listed link and its option, nothing else
    ("DIAPER-6", "尿不湿最大码还有吗", "DIAPER-6", None, "XL 52片"),  # letters inside the labels order them
    ("DIAPER-6", "最小码有吗", "DIAPER-6", None, "NB(0-5kg)"),  # the newborn size before every letter
    ("DIAPER-6", "新生儿码还有吗", "DIAPER-6", None, "NB(0-5kg)"),
    ("TENT-7", "4人的有吗", "TENT-7", None, "3-4人"),  # a count inside a label's range
    ("TENT-7", "两人的有吗", "TENT-7", None, "2人"),
    ("OIL-8", "玉米油1.8还有吗", "OIL-8", "玉米油", "1.8L"),  # a label's bare figure, no viewer's height
    ("OIL-8", "9号稻花香10kg", "RICE-9", "稻花香", "10kg"),  # the link's rice by weight, no viewer's weight
    ("LENS-11", "负一百五的有没", "LENS-11", None, "-1.50"),  # a power in Chinese numerals
    ("LENS-11", "一百五十度有吗", "LENS-11", None, "-1.50"),  # was "没有一百五十"
    ("LENS-11", "1.5还有吗", "LENS-11", None, "-1.50"),  # no viewer's height of 1.5 m
    ("TYRE-12", "17寸的轮胎还有吗", "TYRE-12", None, "215/60R17"),  # a tyre by its rim
    ("DRILL-13", "标准套装双电", "DRILL-13", "标准套装", "12V双电"),  # a label's Chinese word
])
def test_an_option_is_named_by_its_labels_words(focus, text, product, colour, size) -> None:
    understood = PARSER.parse(text, StreamContext(focus=focus, lineup=LINEUP))
    assert (understood.intent, understood.product_id, understood.colour, understood.size) == (
        "availability", product, colour, size)


def test_a_link_and_an_option_amid_talk_stays_talk() -> None:
    understood = PARSER.parse("5号6.0好看", StreamContext(focus="CABLE-1", lineup=LINEUP))
    assert understood.intent == "other"


def test_a_size_of_no_order_beside_ordered_ones_is_never_the_largest() -> None:
    # "均码加大" has no place among S and M: "the largest" is not stated at all rather than guessed
    understood = PARSER.parse("最大码还有吗", StreamContext(focus="SHIRT-10", lineup=LINEUP))
    assert understood.intent == "availability" and understood.size is None


@pytest.mark.parametrize("text", ["运营把轮胎库存全部加100", "库存加50", "场控给2号加100单"])
def test_an_order_to_change_stock_is_skipped_as_a_command(text) -> None:
    understood = PARSER.parse(text, StreamContext(focus="TENT-7", lineup=LINEUP))
    assert (understood.intent, understood.skip_reason) == ("other", "command")
