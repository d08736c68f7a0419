"""One product finder (vocab.products) for viewers' comments, staff questions and the agent's find_product tool:
the shop's names and aliases point at the same product wherever they are typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.stock_lookup import find_candidates
from assistant.comments.understanding import CommentParser, StreamContext
from assistant.ops.question import read_question
from assistant.vocab.products import product_finder

SHOP = Catalog.model_validate_json((Path(__file__).parents[1] / "comments" / "data" / "test-catalog.json")
                                   .read_text("utf-8"))


@pytest.mark.parametrize(("comment", "staff", "product_id"), [
    ("帽衫还有吗", "帽衫还剩多少", "SW-201"),  # an alias only this product has
    ("any hoodies left?", "how many hoodies left", "SW-201"),  # an English alias in the plural
    ("linen shirt M?", "linen shirt stock", "LS-330"),
    ("格子裙还有吗", "格子裙卖了多少", "DR-350"),
])
def test_a_viewer_and_staff_naming_a_product_the_same_way_mean_the_same_product(comment, staff, product_id) -> None:
    assert CommentParser(SHOP).parse(comment, StreamContext()).product_id == product_id
    assert read_question(staff, SHOP).products == [product_id]


def test_a_sku_code_names_its_variant_for_staff_and_a_product_id_its_product() -> None:
    assert read_question("sw-201-c1-m还剩多少", SHOP).sku == "SW-201-C1-M"
    assert read_question("LS-330卖了多少", SHOP).products == ["LS-330"]


def test_the_agents_find_product_tool_matches_whole_english_words_only() -> None:
    # The same finder: "dress" is a word of the plaid dress, not a piece of "address".
    assert find_candidates(SHOP, "what is the shop address", {}, None, None) == []
    best = find_candidates(SHOP, "the plaid dress please", {}, None, None)
    assert [p.id for p, _, _ in best] == ["DR-350"]


def test_a_catalog_load_gets_a_new_finder_and_the_same_catalog_the_same_one() -> None:
    assert product_finder(SHOP) is product_finder(SHOP)
    reloaded = Catalog.model_validate(SHOP.model_dump())
    assert product_finder(reloaded) is not product_finder(SHOP)
