"""How the offline engine reads staff wording it must not misread (the showcase catalog: no warehouses)."""

from __future__ import annotations

import pytest

from assistant.catalog.models import Catalog
from assistant.ops.parts import read_parts
from assistant.ops.question import read_question
from tests.ops.showcase.scenario import CATALOG

SHOP = Catalog.model_validate(CATALOG)


@pytest.mark.parametrize(("text", "warehouse"), [
    ("广州仓还有多少T恤", "广州仓"), ("从主仓调20件白T M到前置仓", "主仓"), ("transfer 10 scarves to the GZ warehouse", "gz warehouse"),
    ("T恤在仓多少", None), ("帮我调仓", None), ("入仓了没", None), ("清仓的有哪些", None), ("白T什么时候到仓", None),
    ("各仓库存", None), ("which warehouse has tees", None),
])
def test_a_warehouse_the_catalog_lacks_is_named_back_and_a_verb_before_仓_is_none(text: str, warehouse: str | None) -> None:
    assert read_question(text, SHOP).unknown_warehouse == warehouse


@pytest.mark.parametrize(("text", "colour"), [("白T M还剩几件", "white"), ("黑t L", "black"), ("T恤黑色", "black")])
def test_a_latin_head_names_the_product_but_not_inside_codes(text: str, colour: str) -> None:
    q = read_question(text, SHOP)
    assert q.products == ["TS-11"] and q.colour == colour
    assert read_question("TS-11-BLK-M还剩多少", SHOP).sku == "TS-11-BLK-M"
    assert read_question("T码还有吗", SHOP).products == []


def test_a_space_separates_questions_but_never_a_product_from_its_question() -> None:
    assert [p.intent for p in read_parts("白T M还剩几件 卖了多少", SHOP)] == ["stock", "sales"]
    one = read_parts("黑t L 还有几件啊", SHOP)
    assert len(one) == 1 and one[0].products == ["TS-11"] and one[0].size == "L"
    assert read_question("卖多少钱", SHOP).intent is None  # a price, not sales
