"""The product finder and the options reader are one reader (vocab.options): which product a shade word points at,
which numbers are sizes rather than link numbers, and what a comment about counted sizes or a request to act gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext

DATA = Path(__file__).parent / "data"


def _parser(name: str) -> tuple[CommentParser, dict[int, str]]:
    catalog = Catalog.model_validate_json((DATA / f"vocab-catalog-{name}.json").read_text("utf-8"))
    lineup = json.loads((DATA / f"vocab-lineup-{name}.json").read_text("utf-8"))["items"]
    return CommentParser(catalog), {item["link_no"]: item["product_id"] for item in lineup}


def test_a_shade_code_as_the_label_writes_it_points_at_its_product_and_a_bare_hash_number_is_a_link() -> None:
    parser, lineup = _parser("beauty")
    on_screen = next(pid for pid in lineup.values() if pid != "CU-820")
    by_code = parser.parse("#05还有吗", StreamContext(focus=on_screen, lineup=lineup))
    assert (by_code.product_id, by_code.colour) == ("CU-820", "#05 蜜桃色")
    by_link = parser.parse("#3有货吗", StreamContext(focus=on_screen, lineup=lineup))
    assert by_link.product_id == lineup[3]


def test_a_ring_number_is_its_size_not_a_link() -> None:
    parser, lineup = _parser("goods")
    ring = parser.parse("8号还有吗", StreamContext(focus="TR-950", lineup=lineup))
    assert (ring.product_id, ring.size) == ("TR-950", "8号")


@pytest.mark.parametrize(("focus", "text", "size"), [
    ("GL-972", "一百度的还有没", "100度"),
    ("EG-973", "要十二只装的", "12枚装"),
    ("WA-988", "24 bottles in stock?", "24瓶装"),
    ("PZ-980", "三到六岁的有吗", "3-6岁"),
])
def test_a_counted_size_is_answered_as_that_label(focus: str, text: str, size: str) -> None:
    parser, lineup = _parser("kinds")
    got = parser.parse(text, StreamContext(focus=focus, lineup=lineup))
    assert (got.intent, got.product_id, got.size, got.unknown_size) == ("availability", focus, size, None)


def test_a_numeral_of_a_label_is_never_an_unknown_size() -> None:
    parser, lineup = _parser("kinds")
    got = parser.parse("有没有二十的", StreamContext(focus="EG-973", lineup=lineup))
    assert got.unknown_size is None and got.size == "20枚装"


@pytest.mark.parametrize("text", ["帮我留一双白色的", "补货30箱", "收货地址填错了帮我改一下地址", "麻烦把订单改成1TB"])
def test_a_request_to_act_is_skipped_and_its_question_still_read(text: str) -> None:
    parser, lineup = _parser("kinds")
    got = parser.parse(text, StreamContext(focus="SK-981", lineup=lineup))
    assert (got.intent, got.skip_reason) == ("other", "command")


@pytest.mark.parametrize(("focus", "text", "size"), [
    ("SK-981", "any 6 pairs pack in grey?", "6双装"),  # the pack word is no other talk
    ("WA-988", "24 bottles pack?", "24瓶装"),
])
def test_english_pack_questions_ask_for_the_pack(focus: str, text: str, size: str) -> None:
    parser, lineup = _parser("kinds")
    got = parser.parse(text, StreamContext(focus=focus, lineup=lineup))
    assert (got.intent, got.size) == ("availability", size)


def test_a_counted_word_said_twice_is_talk() -> None:
    parser, lineup = _parser("kinds")
    got = parser.parse("一段一段的", StreamContext(focus="RC-974", lineup=lineup))
    assert got.intent == "other" and got.size is None


def test_a_colour_the_product_lacks_glued_to_its_name_is_a_name_not_a_question() -> None:
    parser, lineup = _parser("kinds")
    talk = parser.parse("奶油面包", StreamContext(focus="MN-970", lineup=lineup))
    assert talk.intent == "other"
    asked = parser.parse("奶油面包有吗", StreamContext(focus="MN-970", lineup=lineup))
    assert (asked.intent, asked.product_id, asked.unknown_colour) == ("availability", "BR-985", "奶油")
