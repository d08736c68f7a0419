"""check_reply: the last gate before a reply is posted; every figure and availability word must match the facts."""

from __future__ import annotations

import pytest

from assistant.comments.facts import Fact, ReplyBasis
from assistant.comments.guard import check_reply


def basis(*facts: tuple[str, int, str], labels: set[str] | None = None, **extra: object) -> ReplyBasis:
    made = [Fact(sku, "HD-101", "black", sku.rsplit("-", 1)[-1], sellable, status) for sku, sellable, status in facts]
    return ReplyBasis(facts=made, labels=labels or {"黑色L码", "size L", "L", "黑色"}, **extra)  # type: ignore[arg-type]


LOW_L = ("HD-101-BLK-L", 3, "low")
PLENTY_L = ("HD-101-BLK-L", 114, "in_stock")
GONE_L = ("HD-101-BLK-L", 0, "sold_out")


@pytest.mark.parametrize(("reply", "facts", "problem"), [
    ("@小美 黑色L码只剩3件了，要的宝宝抓紧！", [LOW_L], None),
    ("@小美 黑色L码只剩5件了，要的宝宝抓紧！", [LOW_L], "unsupported_number:5"),
    ("@小美 黑色L码还有114件", [PLENTY_L], None),
    ("@小美 黑色L码还有1140件", [PLENTY_L], "unsupported_number:1140"),
    ("@小美 黑色L码还有货", [GONE_L], "claims_in_stock"),
    ("@小美 黑色L码已售罄", [PLENTY_L], "claims_sold_out"),
    ("@Jo Sold out, sorry!", [PLENTY_L], "claims_sold_out"),  # size "S"/"L" labels must not eat words
    ("@小美 黑色L码有货，手慢无", [PLENTY_L], "claims_scarcity"),
    ("@小美 黑色L码有货，今天免费送", [PLENTY_L], "forbidden_content"),
    ("@a it's free today", [PLENTY_L], "forbidden_content"),
    ("@小美 哪一款呀？报一下链接号", [], None),
    ("@小美 还有货哦", [], "claims_in_stock"),
    ("@小美 " + "好" * 250, [PLENTY_L], "too_long"),
])
def test_check_reply(reply: str, facts: list[tuple[str, int, str]], problem: str | None) -> None:
    assert check_reply(reply, basis(*facts)) == problem


def test_mentions_labels_and_restock_days_are_not_figures() -> None:
    assert check_reply("@user123 黑色L码暂时没货了，预计3天后补货", basis(GONE_L, restock_days=3)) is None
    assert check_reply("@user123 黑色L码暂时没货了，预计4天后补货", basis(GONE_L, restock_days=3)) == \
        "unsupported_number:4"
    assert check_reply("@u 玻尿酸补水面膜 10片装有货", basis(PLENTY_L, labels={"玻尿酸补水面膜 10片装"})) is None


def test_the_viewers_own_measurements_may_be_echoed_only_as_measurements() -> None:
    echoed = basis(("HD-101-BLK-L", 114, "in_stock"), echoed_numbers={"170", "65"})
    assert check_reply("@u 170cm 65kg建议选L码，L码有货哦～", echoed) is None
    assert check_reply("@u 黑色L码还有65件", echoed) == "unsupported_number:65"


def test_a_label_is_stripped_only_as_a_whole_word() -> None:
    sized = ReplyBasis(facts=[Fact("JN-301-BLU-27", "JN-301", "blue", "27", 1, "low")], labels={"27", "27码"})
    assert check_reply("@u 27码只剩1件了", sized) is None
    assert check_reply("@u 27码还有127件", sized) == "unsupported_number:127"
