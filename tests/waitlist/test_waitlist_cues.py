"""The join/leave cues on labelled sets (tests/waitlist/data/README.md): a dev part, the first held-out part,
and a fresh held-out part written before the cue changes that followed it and kept untouched since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.waitlist import cues

DATA = Path(__file__).parent / "data"
ROWS = [json.loads(line) for name in ("cues.jsonl", "cues-fresh.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def _right(row: dict) -> bool:
    """As the comment hook decides: leave first, then a comment for someone else does nothing, then join."""
    text = row["text"]
    if cues.wants_to_leave(text):
        return row["leave"]
    joins = cues.wants_to_join(text) and not cues.speaks_for_someone_else(text)
    return not row["leave"] and joins == row["join"]


@pytest.mark.parametrize("part", ["dev", "held_out", "fresh"])
def test_cues_are_read_right_on_both_parts(part):
    rows = [r for r in ROWS if r["part"] == part]
    wrong = [r["text"] for r in rows if not _right(r)]
    assert len(rows) >= 10
    assert len(wrong) <= len(rows) // 10, wrong


def test_a_comment_about_someone_else_speaks_for_nobody():
    assert cues.speaks_for_someone_else("帮@小红 蹲一个黑色L")
    assert cues.speaks_for_someone_else("notify my friend, for my sister")
    assert cues.speaks_for_someone_else("替我老公登记一个")
    assert not cues.speaks_for_someone_else("蹲一个黑色L")
    assert not cues.speaks_for_someone_else("给我留一件")
