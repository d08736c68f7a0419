"""A shade of its own name ("玫瑰金", "浅灰") asked of a product that has other shades of its family but not that
one is no such colour: "有玫瑰金吗" of earrings in 14K金 / S925银 was answered as 14K金, a variant nobody asked for.
The family word itself ("金色") still names the product's shades of that family."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("EAR-1", "耳钉", ["14K金", "S925银", "925银镀金"], ["单只", "一对"]),
    product("TEE-2", "短袖T恤", ["深灰", "白色"], ["S", "M", "L"]),
)
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize(("text", "focus"), [
    ("耳钉有玫瑰金吗", "EAR-1"),
    ("浅灰有吗", "TEE-2"),
])
def test_a_shade_the_product_lacks_is_not_another_shade_of_its_family(text: str, focus: str) -> None:
    understood = PARSER.parse(text, StreamContext(focus))

    assert understood.colour is None and understood.unknown_colour


def test_the_family_word_still_names_the_shades_of_that_family() -> None:
    understood = PARSER.parse("灰色M码还有吗", StreamContext("TEE-2"))

    assert understood.colour == "深灰"
    assert PARSER.parse("深灰的L", StreamContext("TEE-2")).colour == "深灰"
