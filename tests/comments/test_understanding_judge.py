"""The labelled sets' judge (bench understanding): what it counts as a wrong reply."""

from __future__ import annotations

from typing import Any

from assistant.bench.understanding import judge, wrong_reply

SUITCASE = {"id": "SC-1", "name": {"zh": "铝框行李箱 5G款", "en": "Suitcase"},
            "variants": [{"sku": "SC-1-1", "colour": "黑色", "size": "20寸"}, {"sku": "SC-1-2", "colour": "黑色", "size": "24寸"}]}
HAT = {"id": "HT-1", "name": {"zh": "毛线帽", "en": "Beanie"},
       "variants": [{"sku": "HT-1-1", "colour": "黑色", "size": "均码"}, {"sku": "HT-1-2", "colour": "白色", "size": "均码"}]}


def _result(product: dict[str, Any], reply: str, **extra: Any) -> dict[str, Any]:
    return {"intent": "availability", "product_id": product["id"], "colour": None, "size": None, "action": "reply",
            "reply": reply, "facts": [{"sku": v["sku"], "sellable": 7, "colour": v["colour"], "size": v["size"]}
                                      for v in product["variants"]], **extra}


def _line(product: dict[str, Any], **expect: Any) -> dict[str, Any]:
    return {"text": "…", "expect": {"intent": "availability", "product_id": product["id"], **expect}}


def test_saying_no_to_an_option_a_label_contains_is_a_wrong_reply() -> None:
    line = _line(SUITCASE, size="20寸")
    said_no = _result(SUITCASE, "铝框行李箱没有二十哦，规格有：20寸、24寸～", not_offered={"size": "二十"})
    assert any("no 二十" in p for p in wrong_reply(line, said_no, SUITCASE))
    true_no = _result(SUITCASE, "铝框行李箱没有28寸哦，规格有：20寸、24寸～", not_offered={"size": "28寸"})
    assert not wrong_reply(_line(SUITCASE), true_no, SUITCASE)


def test_a_figure_of_the_product_name_is_no_stock_figure_but_another_figure_is() -> None:
    named = _result(SUITCASE, "铝框行李箱 5G款还有20寸、24寸～")
    assert not wrong_reply(_line(SUITCASE), named, SUITCASE)
    invented = _result(SUITCASE, "铝框行李箱还剩99个～")
    assert wrong_reply(_line(SUITCASE), invented, SUITCASE) == ["figure 99 not in facts"]


def test_the_only_size_of_a_product_counts_as_named() -> None:
    answer = _result(HAT, "黑色均码有货～", colour="黑色", size="均码")
    checks = judge(_line(HAT, colour="黑色"), answer, HAT)
    assert checks["variant"] and checks["true_reply"]
