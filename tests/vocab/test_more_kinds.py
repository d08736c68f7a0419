"""More kinds of labels read by their shape: tyres, a quantity per container, 圈口 and US sizes, letter-digit shade
codes, two-colour shoes in English, grades of a dog size in English, a material's natural colour by its synonyms."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext

DATA = Path(__file__).parents[1] / "comments" / "data"
PARSERS = {name: CommentParser(Catalog.model_validate_json((DATA / f"vocab-catalog-{name}.json").read_text("utf-8")))
           for name in ("shelf", "kinds")}


@pytest.mark.parametrize(("catalog", "focus", "text", "colour", "size"), [
    ("shelf", "WT-407", "205 60 16有吗", None, "205/60R16"),
    ("shelf", "WT-407", "195/65R15还有吗", None, "195/65R15"),  # not a viewer 195 cm tall and 65 kg
    ("shelf", "JT-401", "特级两百克罐装的还有吗", "特级", "200g/罐"),
    ("shelf", "BN-408", "57圈口磨砂有货吗", "磨砂", "圈口57"),
    ("shelf", "BB-405", "us10半的全黑", "全黑", "US10.5"),
    ("shelf", "BB-405", "black red us 11?", "黑红", "US11"),
    ("shelf", "BB-405", "triple black 9.5?", "全黑", "US9.5"),
    ("shelf", "CC-404", "2n还有吗", "2N 自然", None),
    ("shelf", "LD-402", "lemon 5 litres?", "柠檬香", "5L"),
    ("shelf", "RB-403", "五号的两粒有吗", "5号", "2粒装"),  # a battery's 五号, not link 5
    ("shelf", "LD-402", "ningmeng 2L", "柠檬香", "2L"),  # a scent's pinyin without its 香
    ("shelf", "LD-402", "薰衣草大桶还有吗", "薰衣草香", "5L"),  # the larger of the product's own sizes
    ("shelf", "DC-406", "浅烘10包有货吗", "浅度烘焙", "10包"),
    ("kinds", "PP-987", "the one for medium dogs", None, "中型犬"),
    ("kinds", "PH-977", "自然色钛512还有吗", "原色钛金属", "512GB"),
    ("kinds", "PH-977", "natural titanium 1tb?", "原色钛金属", "1TB"),
])
def test_a_label_of_its_shape_is_read_as_viewers_write_it(catalog, focus, text, colour, size) -> None:
    understood = PARSERS[catalog].parse(text, StreamContext(focus=focus))
    assert (understood.intent, understood.product_id, understood.colour, understood.size) == (
        "availability", focus, colour, size)


def test_a_size_or_model_the_product_lacks_is_asked_not_chatter() -> None:
    tyre = PARSERS["shelf"].parse("有没有225/45R17", StreamContext(focus="WT-407"))
    assert (tyre.intent, tyre.size, tyre.unknown_size) == ("availability", None, "225/45r17")
    ink = PARSERS["kinds"].parse("有678么", StreamContext(focus="IC-982"))
    assert (ink.intent, ink.product_id, ink.unknown_size) == ("availability", "IC-982", "678")


def test_a_piece_of_another_products_name_inside_the_on_screen_products_colour_is_the_colour() -> None:
    # "天然" is also a piece of 天然矿泉水; inside "天然色钛" it is the phone's colour.
    phone = PARSERS["kinds"].parse("天然色钛256还有吗", StreamContext(focus="PH-977"))
    assert (phone.product_id, phone.colour, phone.size) == ("PH-977", "原色钛金属", "256GB")
    assert PARSERS["kinds"].parse("天然色素对狗狗好吗", StreamContext(focus="PP-987")).intent == "other"


def test_a_question_in_a_language_read_only_by_the_llm_path_is_a_question_never_answered_offline() -> None:
    asked = PARSERS["shelf"].parse("재고 있나요", StreamContext(focus="BB-405"))
    assert (asked.intent, asked.language) == ("availability", "ko")


def test_a_link_said_as_such_wins_over_a_battery_size_and_a_network_generation_is_no_storage() -> None:
    lineup = {5: "BB-405"}
    assert PARSERS["shelf"].parse("5号链接还有吗", StreamContext(focus="RB-403", lineup=lineup)).product_id == "BB-405"
    phone = PARSERS["kinds"].parse("5G手机还有吗", StreamContext(focus="PH-977"))
    assert (phone.intent, phone.product_id, phone.unknown_size) == ("availability", "PH-977", None)  # never "没有5g"
