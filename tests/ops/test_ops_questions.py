"""The offline engine against the labelled ops questions (tests/ops/data/ops-questions.jsonl).

A question counts as answered correctly when the tool calls and every figure in the answer (figures
are the bold numbers) equal the expected ones. Questions it cannot answer must say so with no figure.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from assistant.ledger.keys import MOVEMENTS
from tests.conftest import auth
from tests.ops.scenario import play
from tests.ops.stubs import FixedAlerts, FixedDemand

QUESTIONS = [json.loads(line) for line in (Path(__file__).parent / "data" / "ops-questions.jsonl").open(encoding="utf-8")]
FIGURE = re.compile(r"\*\*(-?\d+(?:\.\d+)?)\*\*")
CANNOT = ("暂时回答不了", "can't answer that yet", "请说明", "请带上数量", "对应多个商品", "Which product", "How many?",
          "could be several products")


def figures(text: str) -> set[Decimal]:
    return {Decimal(x).normalize() for x in FIGURE.findall(text)}


def expected_figures(line: dict) -> set[Decimal]:
    return {Decimal(str(x)).normalize() for x in line["figures"]}


async def test_labelled_questions_offline(app, loaded, clock) -> None:
    assert len(QUESTIONS) >= 80
    assert {"zh", "en"} <= {"zh" if re.search(r"[\u4e00-\u9fff]", q["question"]) else "en" for q in QUESTIONS}
    await play(loaded, clock)
    svc = app.state.services
    svc.demand, svc.alerts = FixedDemand(), FixedAlerts()
    await svc.ledger.read([v.sku for p in svc.catalog.catalog.products for v in p.variants])  # purge expired holds
    movements_before = await svc.redis.xlen(MOVEMENTS)
    correct, misses, wrong = 0, [], []
    for line in QUESTIONS:
        response = await loaded.post("/v1/ops/ask", json={"question": line["question"]}, headers=auth("ops"))
        assert response.status_code == 200, response.text
        body = response.json()
        stated = figures(body["answer"])
        calls_ok = body["tool_calls"] == line["tool_calls"]
        if line["kind"] == "answer":
            ok = calls_ok and stated == expected_figures(line)
        else:
            ok = calls_ok and not stated and any(marker in body["answer"] for marker in CANNOT)
        if stated - expected_figures(line):
            wrong.append((line["question"], sorted(stated - expected_figures(line)), body["answer"]))
        if ok:
            correct += 1
        else:
            misses.append((line["question"], body["tool_calls"], body["answer"][:300]))
    accuracy = correct / len(QUESTIONS)
    print(f"\nops questions: {correct}/{len(QUESTIONS)} correct = {accuracy:.1%}; wrong figures: {len(wrong)}")
    for question, calls, answer in misses:
        print(f"  MISS {question!r}\n    calls={calls}\n    answer={answer!r}")
    assert not wrong, f"answers with a figure nobody expected: {wrong}"
    assert accuracy >= 0.9
    # Proposals change nothing: the movement stream holds no more entries than the scenario wrote.
    assert await svc.redis.xlen(MOVEMENTS) == movements_before
