"""Size labels made of several sizes ("5kg(10斤)", "宽3米×高2.7米", "1.5×2.0m", "2.5kg尝鲜装", "170/88A(M)"):
a viewer names one piece, and the piece names the label when only one label has it, the labels' family when
several share it, and "no such size" only when none has it."""

from __future__ import annotations

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext


def _product(pid: str, aliases: list[str], colours: list[str], sizes: list[str]) -> dict[str, object]:
    return {"id": pid, "name": {"zh": aliases[0], "en": pid}, "aliases": aliases, "category": "home",
            "price": {"amount": "59.00", "currency": "CNY"}, "tier": "B", "restock_lead_hours": 24,
            "substitutes": [],
            "variants": [{"sku": f"{pid}-{c}-{s}", "on_hand": 9, "safety_stock": 1, "colour": colour, "size": size}
                         for c, colour in enumerate(colours) for s, size in enumerate(sizes)]}


CATALOG = Catalog.model_validate({"catalog_version": 1, "currency": "CNY", "products": [
    _product("RICE-1", ["五常大米", "大米"], ["稻花香"], ["2.5kg尝鲜装", "5kg(10斤)", "10kg(20斤)"]),
    _product("CURT-2", ["遮光窗帘", "窗帘"], ["米白", "浅灰"], ["宽2米×高2.7米", "宽3米×高2.7米", "宽4米×高2.7米"]),
    _product("MAT-3", ["乳胶床垫", "床垫"], ["白色"], ["1.5×2.0m", "1.8×2.0m"]),
    _product("OIL-4", ["食用油", "油"], ["压榨花生油", "玉米油"], ["1.8L", "5L"]),
    _product("DYE-5", ["染发膏"], ["4.0", "5.0", "6.0"], ["单支"]),
    _product("GUM-6", ["木糖醇口香糖", "口香糖"], ["70g", "100g"], ["单瓶"]),
    _product("SUIT-7", ["西装外套", "西装"], ["藏青"], ["165/84A(S)", "170/88A(M)", "175/92A(L)"]),
    _product("HUB-8", ["扩展坞"], ["深空灰"], ["4合1", "7合1"]),
    _product("RICE-9", ["新米", "米"], ["泰国香米", "东北稻花香"], ["2.5kg", "5kg"]),
]})
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize(("focus", "text", "colour", "size"), [
    ("RICE-1", "10斤的还有吗", None, "5kg(10斤)"),  # the piece in brackets
    ("RICE-1", "二十斤有吗", None, "10kg(20斤)"),
    ("RICE-1", "5公斤的有货吗", None, "5kg(10斤)"),
    ("RICE-1", "尝鲜装还有吗", None, "2.5kg尝鲜装"),  # the pack's word beside its weight
    ("CURT-2", "三米宽的浅灰有吗", "浅灰", "宽3米×高2.7米"),
    ("CURT-2", "米白4米宽还有吗", "米白", "宽4米×高2.7米"),
    ("MAT-3", "150x200的有吗", None, "1.5×2.0m"),
    ("MAT-3", "1.8*2米还有吗", None, "1.8×2.0m"),
    ("SUIT-7", "M码还有吗", None, "170/88A(M)"),  # a letter in brackets beside the Chinese size
    ("SUIT-7", "175的有吗", None, "175/92A(L)"),
    ("HUB-8", "七合一还有吗", None, "7合1"),  # the label's numbers in Chinese numerals
    ("HUB-8", "4合一有没", None, "4合1"),
    ("HUB-8", "7in1 available?", None, "7合1"),
    ("RICE-1", "二点五公斤的有吗", None, "2.5kg尝鲜装"),  # a decimal in Chinese numerals, never 五公斤
    ("RICE-9", "泰国香米2.5kg", "泰国香米", "2.5kg"),  # the product's alias 米 inside the colour's own word
])
def test_one_piece_of_a_compound_label_names_it(focus, text, colour, size) -> None:
    understood = PARSER.parse(text, StreamContext(focus=focus))
    assert (understood.intent, understood.product_id, understood.colour, understood.size) == (
        "availability", focus, colour, size)


@pytest.mark.parametrize(("focus", "text", "colour"), [
    ("OIL-4", "花生油还有吗", "压榨花生油"),  # the label's own word, though the product is also called 油
    ("DYE-5", "4.0还有吗", "4.0"),  # a hair dye's level
    ("GUM-6", "70克的有吗", "70g"),  # a weight written as a colour label, in Chinese units
])
def test_a_colour_label_is_named_by_the_words_viewers_use(focus, text, colour) -> None:
    understood = PARSER.parse(text, StreamContext(focus=focus))
    assert (understood.intent, understood.product_id, understood.colour) == ("availability", focus, colour)


def test_a_piece_every_label_shares_is_not_no_such_size() -> None:
    # every curtain is 2.7 m high: "2.7米" asks about them all, it never gets "no 2.7米"
    understood = PARSER.parse("2.7米高的还有吗", StreamContext(focus="CURT-2"))
    assert understood.intent == "availability" and understood.unknown_size is None and understood.size is None


@pytest.mark.parametrize(("focus", "text", "unknown"), [
    ("RICE-1", "有50斤的吗", "50斤"),  # a weight no label has, in a unit the labels do have
    ("MAT-3", "有2.2米的吗", "2.2米"),
])
def test_a_size_no_label_has_is_no_such_size(focus, text, unknown) -> None:
    understood = PARSER.parse(text, StreamContext(focus=focus))
    assert (understood.intent, understood.size) == ("availability", None)
    assert understood.unknown_size == unknown


LINEUP = {1: "RICE-1", 2: "CURT-2", 3: "MAT-3"}


@pytest.mark.parametrize(("text", "product", "missing"), [
    ("2号链接", "CURT-2", None),  # a link and nothing else asks for it
    ("10号链接", None, 10),  # one the lineup lacks: which product, asked back
    ("8号有没", None, 8),  # a bare number asked about and nothing else is a link too
])
def test_a_link_alone_asks_for_it(text, product, missing) -> None:
    understood = PARSER.parse(text, StreamContext(focus="RICE-1", lineup=LINEUP))
    assert (understood.intent, understood.product_id, understood.missing_link) == ("availability", product, missing)


@pytest.mark.parametrize("text", ["8号呢", "人造人17号？", "今天几号"])
def test_a_bare_number_in_talk_is_no_link(text) -> None:
    understood = PARSER.parse(text, StreamContext(focus="RICE-1", lineup=LINEUP))
    assert understood.intent == "other" and understood.product_id is None
