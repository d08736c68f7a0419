"""The offline engine on the third, independent held-out set (tests/ops/data/independent3, see its README).

Same scenario, oracle and judge as test_showcase_questions.py. Figures by kind of question go to
test-output/ops-independent3.json. Every write must stay a proposal: nothing moves before confirm.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.ops.showcase.asking import ask_all
from tests.ops.showcase.test_showcase_questions import CANNOT, judge

QUESTIONS = [json.loads(line) for line in
             (Path(__file__).parents[1] / "data" / "independent3" / "questions.jsonl").open(encoding="utf-8")]
# Issue 15's bar on a held-out set: >= 95 % right and no answer with a figure for something else.
FLOOR = 0.95


def _outcome(line: dict[str, Any], body: dict[str, Any], right: bool, wrong: set) -> str:
    if right:
        return "correct"
    if wrong:
        return "wrong_figure"
    said_cannot = any(m in body["answer"] for m in CANNOT)
    return "refused_or_clarify" if said_cannot and line["kind"] != "cannot" else "other_miss"


async def test_independent3_offline(app, client, clock, output_dir) -> None:
    kinds: dict[str, dict[str, Any]] = {}
    async for line, body in ask_all(app, client, clock, QUESTIONS):
        right, wrong = judge(line, body)
        outcome = _outcome(line, body, right, wrong)
        tally = kinds.setdefault(line["group"], {"asked": 0, "correct": 0, "wrong_figure": 0,
                                                 "refused_or_clarify": 0, "other_miss": 0, "misses": []})
        tally["asked"] += 1
        tally[outcome] += 1
        if not right:
            tally["misses"].append({"question": line["question"], "outcome": outcome, "wrong": sorted(map(str, wrong)),
                                    "must": line["must"], "answer": body["answer"][:300]})
    right_total = sum(t["correct"] for t in kinds.values())
    wrong_total = sum(t["wrong_figure"] for t in kinds.values())
    summary = {"asked": len(QUESTIONS), "correct": right_total, "wrong_figure": wrong_total,
               "accuracy": round(right_total / len(QUESTIONS), 4), "kinds": kinds}
    (output_dir / "ops-independent3.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
    print(f"\nindependent3: {right_total}/{len(QUESTIONS)}, wrong figures {wrong_total}")
    for name, t in kinds.items():
        print(f"  {name}: {t['correct']}/{t['asked']} wrong={t['wrong_figure']} clarify={t['refused_or_clarify']}"
              f" other={t['other_miss']}")
        for miss in t["misses"]:
            print(f"    MISS[{miss['outcome']}] {miss['question']!r} must={miss['must']} wrong={miss['wrong']}\n"
                  f"      {miss['answer']!r}")
    assert wrong_total == 0, "an answer stated a figure for something else"
    assert summary["accuracy"] >= FLOOR
