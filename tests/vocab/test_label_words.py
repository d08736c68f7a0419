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
]})
PARSER = CommentParser(CATALOG)
LINEUP = {1: "CABLE-1", 2: "PLUG-2", 3: "STRAP-3", 4: "PAPER-4", 5: "DYE-5"}


@pytest.mark.parametrize(("focus", "text", "product", "colour", "size"), [
    ("CABLE-1", "c转l一米还有没", "CABLE-1", "Type-C转Lightning", "1m"),  # a length right after a Latin letter
    ("CABLE-1", "a转c2米有吗", "CABLE-1", "USB-A转Type-C", "2m"),
    ("PLUG-2", "65w白色还有吗", "PLUG-2", "65W 三口 白色", None),  # two of the label's three words
    ("PLUG-2", "三口黑色有吗", "PLUG-2", "65W 三口 黑色", None),
    ("STRAP-3", "黑色22还有吗", "STRAP-3", "氟橡胶-黑", "22mm"),  # not the charger's "65W 三口 黑色"
    ("PAPER-4", "70克整箱还有吗", "PAPER-4", "70g", "5包/箱"),  # a pack by its container
    ("PAPER-4", "80g一包有没", "PAPER-4", "80g", "500张/包"),
    ("CABLE-1", "5号 6.0", "DYE-5", "6.0 自然棕", None),  # a listed link and its option, nothing else
])
def test_an_option_is_named_by_its_labels_words(focus, text, product, colour, size) -> None:
    understood = PARSER.parse(text, StreamContext(focus=focus, lineup=LINEUP))
    assert (understood.intent, understood.product_id, understood.colour, understood.size) == (
        "availability", product, colour, size)


def test_a_link_and_an_option_amid_talk_stays_talk() -> None:
    understood = PARSER.parse("5号6.0好看", StreamContext(focus="CABLE-1", lineup=LINEUP))
    assert understood.intent == "other"
