"""The join/leave cues on a labelled set: a dev part and a held-out part (not used to tune the patterns)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.waitlist import cues

ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "cues.jsonl").read_text().splitlines() if line]


def _right(row: dict) -> bool:
    leaves = cues.wants_to_leave(row["text"])  # checked first by the comment hook, so it decides on its own
    return leaves == row["leave"] and (row["leave"] or cues.wants_to_join(row["text"]) == row["join"])


@pytest.mark.parametrize("part", ["dev", "held_out"])
def test_cues_are_read_right_on_both_parts(part):
    rows = [r for r in ROWS if r["part"] == part]
    wrong = [r["text"] for r in rows if not _right(r)]
    assert len(rows) >= 10
    assert len(wrong) <= len(rows) // 10, wrong


def test_a_comment_about_someone_else_speaks_for_nobody():
    assert cues.speaks_for_someone_else("帮@小红 蹲一个黑色L")
    assert cues.speaks_for_someone_else("notify my friend, for my sister")
    assert not cues.speaks_for_someone_else("蹲一个黑色L")
