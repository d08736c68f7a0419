"""Options of the colour slot written as figures ("28调" of a rod, "0.8号" of a line, "JJJ级 28-30mm" of cherries)
are read by their shapes as sizes are: "37的2.7" is 37调 in 2.7米, never "no 37". A figure of the size slot stays a
size, the ends of the order ("最小", "小号") stay the size slot's, and a metal's fineness ("18K金") is its own word."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("ROD-1", "台钓竿", ["28调", "37调"], ["2.7米", "3.6米", "4.5米"]),
    product("LINE-2", "鱼线", ["0.8号", "1.0号", "2.0号"], ["50米", "100米"]),
    product("CHERRY-3", "车厘子", ["JJ级 26-28mm", "JJJ级 28-30mm", "JJJJ级 30-32mm"], ["3斤装", "5斤装"]),
    product("QUILT-4", "羽绒被", ["春秋被4斤", "冬被6斤"], ["150×200cm", "200×230cm"]),
    product("RING-5", "戒指", ["18K金 镶钻", "S925银 素圈"], ["12号", "14号", "18号"]),
)
PARSER = CommentParser(CATALOG)


@pytest.mark.parametrize(("text", "focus", "colour", "size"), [
    ("37的2.7还有吗", "ROD-1", "37调", "2.7米"),
    ("三米六的二八调有吗", "ROD-1", "28调", "3.6米"),
    ("100m的0.8还有吗", "LINE-2", "0.8号", "100米"),
    ("28-30的5斤装", "CHERRY-3", "JJJ级 28-30mm", "5斤装"),
])
def test_a_colour_slot_option_is_named_by_its_figure(text: str, focus: str, colour: str, size: str) -> None:
    understood = PARSER.parse(text, StreamContext(focus))

    assert (understood.colour, understood.size, understood.unknown_size) == (colour, size, None)


def test_a_figure_of_the_size_slot_stays_a_size() -> None:
    understood = PARSER.parse("4.5米的还有吗", StreamContext("ROD-1"))

    assert (understood.colour, understood.size) == (None, "4.5米")


def test_the_ends_of_the_order_stay_the_size_slots() -> None:
    understood = PARSER.parse("小号的有吗", StreamContext("QUILT-4"))

    assert understood.colour is None and understood.size == "150×200cm"


@pytest.mark.parametrize(("text", "colour", "size"), [("925的12号", "S925银 素圈", "12号"), ("18号还有吗", None, "18号")])
def test_a_metals_fineness_is_its_own_word_and_a_ring_size_stays_a_size(text: str, colour: str | None, size: str) -> None:
    understood = PARSER.parse(text, StreamContext("RING-5"))

    assert (understood.colour, understood.size) == (colour, size)
