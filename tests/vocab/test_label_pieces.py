"""Labels of several words read piece by piece: a phone's "8+256G" is storage in gigabytes and ranked by it,
a laptop's "i7" names its configuration, two pieces written together name the one label having both (or
none: "母蟹4两" is no label, never two), a pack in the colour slot in Chinese numerals; and several variants
asked clause by clause are paired as written."""

from __future__ import annotations

import pytest

from assistant.comments.understanding import CommentParser, StreamContext
from tests.vocab.catalogs import catalog, product

CATALOG = catalog(
    product("PAD-1", "平板电脑", ["星光银", "远峰蓝"], ["6+128G", "8+256G", "12G+1TB"]),
    product("BOOK-2", "轻薄本", ["银色", "灰色"], ["R5 16G 512G", "R7 32G 1T"]),
    product("MANGO-3", "芒果", ["贵妃芒"], ["3斤装 中果", "3斤装 大果", "5斤装 大果"]),
    product("SHRIMP-4", "对虾", ["6只装", "10只装"], ["大虾4钱", "特大虾6钱"]),
)
PARSER = CommentParser(CATALOG)


def _read(text: str, focus: str) -> tuple[str | None, str | None]:
    got = PARSER.parse(text, StreamContext(focus))
    return got.colour, got.size


@pytest.mark.parametrize(("text", "size"), [
    ("内存最小的还有吗", "6+128G"),
    ("最大的那款", "12G+1TB"),
    ("256的有吗", "8+256G"),
    ("1t的还有吗", "12G+1TB"),
])
def test_storage_inside_a_label_of_memory_and_storage(text: str, size: str) -> None:
    assert _read(text, "PAD-1")[1] == size


def test_a_processor_token_names_the_configuration() -> None:
    assert _read("灰色r7还有吗", "BOOK-2") == ("灰色", "R7 32G 1T")


@pytest.mark.parametrize(("text", "size"), [("三斤大果还有吗", "3斤装 大果"), ("5斤大果", "5斤装 大果")])
def test_two_pieces_written_together_name_the_label_with_both(text: str, size: str) -> None:
    assert _read(text, "MANGO-3")[1] == size


def test_a_piece_several_labels_share_names_them_all() -> None:
    got = PARSER.parse("大果有吗", StreamContext("MANGO-3"))
    assert got.size is None and set(got.size_family) == {"3斤装 大果", "5斤装 大果"}


def test_two_pieces_no_label_has_together_are_no_label() -> None:
    got = PARSER.parse("有5斤中果的吗", StreamContext("MANGO-3"))
    assert (got.size, got.unknown_size) == (None, "5斤中果")


def test_a_pack_in_the_colour_slot_in_chinese_numerals() -> None:
    assert _read("十只装特大虾还有吗", "SHRIMP-4") == ("10只装", "特大虾6钱")


def test_variants_asked_clause_by_clause_are_paired_as_written() -> None:
    got = PARSER.parse("蓝的要1T 银的要128 都有吗", StreamContext("PAD-1"))
    assert set(got.variants) == {("远峰蓝", "12G+1TB"), ("星光银", "6+128G")}


def test_every_colour_with_every_size_when_not_clause_by_clause() -> None:
    got = PARSER.parse("银色蓝色都要128和256", StreamContext("PAD-1"))
    assert len(got.variants) == 4
