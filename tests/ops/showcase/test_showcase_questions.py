"""The offline engine on the showcase questions: another catalog, two rooms, three channels (questions.jsonl).

Right means: every figure the oracle says answers the question is stated, no stated figure is outside what
the oracle knows about that scope, the names asked for are there, a write is exactly the expected proposal
and nothing is applied, and a question it cannot answer says so with hints from the LOADED catalog and no
figure. Figures are the bold numbers (**12**). Per-part results go to test-output/ops-showcase.json.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import SAMPLE_DATA
from tests.ops.showcase import oracle, scenario
from tests.ops.showcase.asking import ask_all

QUESTIONS = [json.loads(line) for line in (Path(__file__).parent / "questions.jsonl").open(encoding="utf-8")]
FIGURE = re.compile(r"\*\*(-?\d+(?:\.\d+)?)\*\*")
CANNOT = ("回答不了", "can't answer", "请说明", "Which product", "没有找到", "isn't in the catalog", "not in the catalog")
SAMPLE_NAMES = {w for p in json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())["products"]
                for w in (p["name"]["zh"], p["name"]["en"], *p["aliases"])}
LOADED_NAMES = {w for p in scenario.CATALOG["products"] for w in (p["name"]["zh"], p["name"]["en"])}


def _figures(text: str) -> set[Decimal]:
    return {Decimal(x).normalize() for x in FIGURE.findall(text)}


def _decimals(values: list[float]) -> set[Decimal]:
    return {Decimal(str(x)).normalize() for x in values}


def _name_ok(answer: str, pid: str) -> bool:
    name = oracle.PRODUCTS[pid]["name"]
    return name["zh"] in answer or name["en"].lower() in answer.lower()


def judge(line: dict[str, Any], body: dict[str, Any]) -> tuple[bool, set[Decimal]]:
    """(right, wrong figures) of one answer."""
    answer, stated = body["answer"], _figures(body["answer"])
    must, allowed = _decimals(line["must"]), _decimals(line["must"]) | _decimals(line["may"])
    wrong = stated - allowed
    if line["kind"] == "cannot":
        hint = any(n in answer for n in LOADED_NAMES)
        foreign = [w for w in SAMPLE_NAMES if w in answer and w.lower() not in line["question"].lower()]
        return (not stated and not body["proposals"] and any(m in answer for m in CANNOT) and hint
                and not foreign), stated
    ok = must <= stated and not wrong and all(_name_ok(answer, pid) for pid in line["names"])
    if line["kind"] == "propose":
        made = [(p["action"], p["sku"], p["value"]) for p in body["proposals"]]
        return ok and made == [tuple(line["proposal"])], wrong
    return ok and not body["proposals"], wrong


async def test_showcase_questions_offline(app, client, clock, output_dir) -> None:
    assert len(QUESTIONS) >= 150
    results: dict[str, dict[str, Any]] = {}
    async for line, body in ask_all(app, client, clock, QUESTIONS):
        right, wrong = judge(line, body)
        part = results.setdefault(line["part"], {"asked": 0, "right": 0, "wrong_figures": 0, "misses": []})
        part["asked"] += 1
        part["right"] += right
        part["wrong_figures"] += bool(wrong)
        if not right:
            part["misses"].append({"question": line["question"], "wrong": sorted(map(str, wrong)),
                                   "must": line["must"], "answer": body["answer"][:400]})
    for name, part in results.items():
        part["accuracy"] = round(part["right"] / part["asked"], 4)
        print(f"\n{name}: {part['right']}/{part['asked']} = {part['accuracy']:.1%}, wrong figures {part['wrong_figures']}")
        for miss in part["misses"]:
            print(f"  MISS {miss['question']!r} wrong={miss['wrong']} must={miss['must']}\n    {miss['answer']!r}")
    (output_dir / "ops-showcase.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    # (ask_all checked that proposals changed nothing: no movement and no policy moved.)
    assert all(p["wrong_figures"] == 0 for p in results.values()), "an answer stated a figure for something else"
    assert all(p["accuracy"] >= 0.95 for p in results.values())
