"""A mouse by its DPI said bare ("12000", "一万二"), a fishing line's "2号" beside its 2.0号 (no link number), a
plating said with its word ("镀金" of 925银镀金 beside 14K金), and cherries by the size of each fruit ("个头最小")."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("MOUSE-1", "游戏鼠标", ["白色无线", "黑色有线"], ["12000DPI", "26000DPI"]),
    product("LINE-2", "钓鱼线", ["0.8号", "1.0号", "2.0号", "3.0号"], ["50米", "100米"]),
    product("EAR-3", "珍珠耳钉", ["14K金", "925银镀金", "S925银"], ["一对", "单只"]),
    product("CHERRY-4", "车厘子", ["JJJJ级 30-32mm", "JJJ级 28-30mm", "JJ级 26-28mm"], ["3斤装", "5斤装"]),
)
PARSER = CommentParser(CATALOG)
LINEUP = {1: "MOUSE-1", 2: "EAR-3", 3: "LINE-2", 4: "CHERRY-4"}


def _read(text: str, focus: str) -> tuple[str | None, str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus, LINEUP))
    return got.product_id, got.colour, got.size


@pytest.mark.parametrize("text", ["无线的12000还有吗", "一万二的有吗"])
def test_a_dpi_said_bare_is_the_mouses(text: str) -> None:
    assert _read(text, "MOUSE-1")[::2] == ("MOUSE-1", "12000DPI")


def test_a_numbered_option_of_the_colour_slot_is_no_link_number() -> None:
    assert _read("2号线100米还剩多少", "LINE-2") == ("LINE-2", "2.0号", "100米")


def test_a_plating_said_with_its_word_is_that_label_not_the_solid_metal() -> None:
    assert _read("耳钉镀金的一对还有吗", "EAR-3") == ("EAR-3", "925银镀金", "一对")
    assert _read("金色一对还有吗", "EAR-3")[1] == "14K金"


@pytest.mark.parametrize(("text", "grade"), [("个头最小的车厘子还有吗", "JJ级 26-28mm"), ("个头最大的5斤还有吗", "JJJJ级 30-32mm")])
def test_the_size_of_each_fruit_is_its_grade(text: str, grade: str) -> None:
    assert _read(text, "CHERRY-4")[1] == grade
