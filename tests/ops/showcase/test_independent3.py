"""The offline engine on the third, independent held-out set (tests/ops/data/independent3, see its README).

Same scenario, oracle and judge as test_showcase_questions.py. Two parts: `independent3` (written before
any engine change) and `independent3-after` (written after the fixes, run once as written). Figures per part
and kind of question go to test-output/ops-independent3.json. Every write must stay a proposal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.ops.showcase.asking import ask_all
from tests.ops.showcase.test_showcase_questions import CANNOT, judge

DATA = Path(__file__).parents[1] / "data" / "independent3"
QUESTIONS = [json.loads(line) for name in ("questions.jsonl", "questions-after.jsonl")
             for line in (DATA / name).open(encoding="utf-8")]
# Issue 15's bar on a held-out set: >= 95 % right and no answer with a figure for something else.
FLOOR = 0.95


def _outcome(line: dict[str, Any], body: dict[str, Any], right: bool, wrong: set) -> str:
    if right:
        return "correct"
    if wrong:
        return "wrong_figure"
    said_cannot = any(m in body["answer"] for m in CANNOT)
    return "refused_or_clarify" if said_cannot and line["kind"] != "cannot" else "other_miss"


def _print(parts: dict[str, Any]) -> None:
    for part, summary in parts.items():
        print(f"\n{part}: {summary['correct']}/{summary['asked']}, wrong figures {summary['wrong_figure']}")
        for name, t in summary["kinds"].items():
            print(f"  {name}: {t['correct']}/{t['asked']} wrong={t['wrong_figure']}"
                  f" clarify={t['refused_or_clarify']} other={t['other_miss']}")
            for miss in t["misses"]:
                print(f"    MISS[{miss['outcome']}] {miss['question']!r} must={miss['must']} wrong={miss['wrong']}\n"
                      f"      {miss['answer']!r}")


async def test_independent3_offline(app, client, clock, output_dir) -> None:
    parts: dict[str, dict[str, Any]] = {}
    async for line, body in ask_all(app, client, clock, QUESTIONS):
        right, wrong = judge(line, body)
        outcome = _outcome(line, body, right, wrong)
        summary = parts.setdefault(line["part"], {"asked": 0, "correct": 0, "wrong_figure": 0, "kinds": {}})
        tally = summary["kinds"].setdefault(line["group"], {"asked": 0, "correct": 0, "wrong_figure": 0,
                                                            "refused_or_clarify": 0, "other_miss": 0, "misses": []})
        for counts in (summary, tally):
            counts["asked"] += 1
            counts[outcome] = counts.get(outcome, 0) + 1
        if not right:
            tally["misses"].append({"question": line["question"], "outcome": outcome, "wrong": sorted(map(str, wrong)),
                                    "must": line["must"], "answer": body["answer"][:300]})
    for summary in parts.values():
        summary["accuracy"] = round(summary["correct"] / summary["asked"], 4)
    (output_dir / "ops-independent3.json").write_text(json.dumps(parts, ensure_ascii=False, indent=1), encoding="utf-8")
    _print(parts)
    assert all(p["wrong_figure"] == 0 for p in parts.values()), "an answer stated a figure for something else"
    assert parts["independent3"]["accuracy"] >= FLOOR
