"""The understanding bench's judge of "no such option" replies: a reply saying the product lacks what one of its
labels is or contains is wrong; one saying it lacks a figure in another unit than the label's is true."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.bench.understanding import wrong_reply


def _product(sizes: list[str]) -> dict[str, Any]:
    return {"id": "P-1", "name": {"zh": "电饭煲"}, "variants": [
        {"sku": f"P-1-{i}", "colour": "白色", "size": size} for i, size in enumerate(sizes)]}


def _says_no(asked: str) -> dict[str, Any]:
    return {"action": "reply", "product_id": "P-1", "colour": None, "size": None, "variants": [], "facts": [],
            "not_offered": {"size": asked}, "reply": f"没有{asked}哦"}


@pytest.mark.parametrize(("asked", "sizes"), [
    ("6l", ["3L 2-4人", "4L 3-6人"]),  # its 6 counts people
    ("130", ["90", "100", "110", "120"]),
    ("L", ["XL", "M"]),
])
def test_saying_no_to_a_figure_no_label_has_is_true(asked: str, sizes: list[str]) -> None:
    line = {"expect": {"intent": "availability", "product_id": "P-1", "unknown_size": asked}}
    assert wrong_reply(line, _says_no(asked), _product(sizes)) == []


@pytest.mark.parametrize(("asked", "sizes"), [
    ("6l", ["4L", "6L 8-10人"]),
    ("70", ["70A", "75B"]),
    ("36码", ["36", "37"]),
])
def test_saying_no_to_what_a_label_is_is_wrong(asked: str, sizes: list[str]) -> None:
    line = {"expect": {"intent": "availability", "product_id": "P-1", "unknown_size": asked}}
    assert wrong_reply(line, _says_no(asked), _product(sizes))


def test_saying_no_to_a_figure_inside_a_labels_range_is_wrong() -> None:
    line = {"expect": {"intent": "availability", "product_id": "P-1", "size": "4U(80-84g)"}}
    assert wrong_reply(line, _says_no("80g"), _product(["3U(85-89g)", "4U(80-84g)"]))
