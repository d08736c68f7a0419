"""The host's lines: every figure from the facts, scarcity only where the ledger shows it."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from assistant.alerts.phrasing import colour_zh, few_left, guard_line, render_texts

FACTS: dict[str, Any] = {
    "level": "low", "product": {"zh": "联名款连帽卫衣", "en": "Collab hoodie"},
    "variants": [{"sku": "A", "label_zh": "黑色L", "label_en": "black L", "sellable": 23, "sellout_minutes": 6},
                 {"sku": "B", "label_zh": "杏色L", "label_en": "apricot L", "sellable": 0}],
    "sellable_floor": 20, "units_recent": 14, "window_minutes": 5, "askers": 7,
    "alternative": {"label_zh": "灰色L", "label_en": "grey L", "sellable": 55},
}


def test_numbers_must_come_from_the_facts() -> None:
    assert guard_line("黑色L还能卖23单，按现在的速度约6分钟售罄 — 可以说「最后20多件，手慢无」", FACTS)
    assert not guard_line("黑色L还能卖25单", FACTS)
    assert not guard_line("black L: 23 left, 3 min to go", FACTS)
    assert guard_line("杏色L已售罄 → 推荐灰色L（还有55件）", FACTS)


def test_scarcity_words_only_at_low_or_critical() -> None:
    for level in ("trend", "back_in_stock", "sold_out"):
        facts = {**FACTS, "level": level}
        assert not guard_line("最后23件，手慢无", facts)
        assert not guard_line("only 23 left", facts)
        assert not guard_line("black L is selling fast", facts)
    assert guard_line("Only 23 of black L left", {**FACTS, "level": "critical"})


def test_scarcity_words_need_few_units_left_not_just_a_low_level() -> None:
    many = {**FACTS, "variants": [{**FACTS["variants"][0], "sellable": 164}, FACTS["variants"][1]]}
    for level in ("low", "critical"):
        assert not guard_line("黑色L最后164件，拍下就发", {**many, "level": level})
        assert not guard_line("only 164 left, hurry", {**many, "level": level})
        assert guard_line("黑色L还能卖164单", {**many, "level": level})
    assert guard_line("黑色L最后23件", FACTS)  # 23 is few (the default limit is 30)
    assert not guard_line("黑色L最后23件", {**FACTS, "scarcity_max_units": 10})


def test_sold_out_is_said_only_of_a_variant_at_zero() -> None:
    assert not guard_line("黑色L已售罄", FACTS)
    assert guard_line("杏色L已售罄", FACTS)
    assert not guard_line("black L is sold out", FACTS)


def test_colour_names_are_shown_in_chinese() -> None:
    assert (colour_zh("black"), colour_zh("apricot"), colour_zh("#999 正红"), colour_zh("teal")) == (
        "黑色", "杏色", "#999 正红", "teal")


LEVELS = ["trend", "low", "critical", "sold_out", "back_in_stock"]


# The engine says "sold out" only of a variant at 0, and every other level only of one still selling.
CASES = [case for case in itertools.product(LEVELS, [-1, 0, 1, 2], [0, 1, 7, 23, 140, 164],
                                            ["none", "alt", "restock", "second", "asking"])
         if (case[0] == "sold_out") == (case[2] == 0)]


@pytest.mark.parametrize(("level", "phrasing", "sellable", "extras"), CASES)
def test_every_template_line_passes_the_guard(level: str, phrasing: int, sellable: int, extras: str) -> None:
    head = {"sku": "A", "label_zh": "黑色L", "label_en": "black L", "sellable": sellable,
            "sellout_minutes": 4 if 0 < sellable < 50 else None}
    second = {"sku": "B", "label_zh": "杏色L", "label_en": "apricot L", "sellable": 0}
    alt = {"label_zh": "灰色L", "label_en": "grey L", "sellable": 55}
    restock = {"qty": 500, "eta_zh": "约3小时后", "eta_en": "in about 3 h"}
    facts = {"level": level, "product": {"zh": "卫衣", "en": "Hoodie"}, "variants": [head, second],
             "sellable_floor": sellable // 10 * 10 if sellable >= 20 else None, "units_recent": 14,
             "window_minutes": 5, "askers": 7 if extras == "asking" else None,
             "alternative": alt if extras == "alt" else None, "restock": restock if extras == "restock" else None,
             "second_alternative": alt if extras == "second" else None}
    context = {"level": level, "name": facts["product"], "v": head, "floor": facts["sellable_floor"],
               "units_recent": 14, "window_minutes": 5, "askers": facts["askers"] or 0, "alt": facts["alternative"],
               "restock": facts["restock"], "second": second if extras == "second" else None,
               "second_alt": facts["second_alternative"], "phrasing": phrasing, "few": few_left(facts)}
    lines = render_texts("line", context)
    for language, line in lines.items():
        assert line, (language, level, phrasing)
        assert guard_line(line, facts), (language, line)
