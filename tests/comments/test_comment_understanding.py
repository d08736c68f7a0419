"""Comment understanding on a labelled set over a catalog made for these tests, and on the shared samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext, Understanding

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[2] / "assistant" / "data"
SKIPPED_KINDS = ("chatter", "injection", "abuse")


def _catalog(path: Path) -> Catalog:
    return Catalog.model_validate(json.loads(path.read_text(encoding="utf-8")))


def _lineup(path: Path) -> dict[int, str]:
    return {item["link_no"]: item["product_id"] for item in json.loads(path.read_text(encoding="utf-8"))["items"]}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _context(line: dict, default_lineup: dict[int, str]) -> StreamContext:
    lineup = {int(n): pid for n, pid in line["lineup"].items()} if "lineup" in line else default_lineup
    return StreamContext(focus=line.get("focus"), lineup=lineup)


def _checks(expect: dict, got: Understanding) -> dict[str, bool | None]:
    """Which aspects were right; None where the line does not judge that aspect."""
    asks_stock = expect["intent"] != "other"
    return {
        "intent": got.intent == expect["intent"],
        "product": got.product_id == expect.get("product_id") if asks_stock or "product_id" in expect else None,
        "variant": (got.colour, got.size) == (expect.get("colour"), expect.get("size")) if asks_stock else None,
    }


@pytest.fixture(scope="module")
def labelled_results() -> list[tuple[dict, Understanding]]:
    parser = CommentParser(_catalog(DATA / "test-catalog.json"))
    lineup = _lineup(DATA / "test-lineup.json")
    return [(line, parser.parse(line["text"], _context(line, lineup))) for line in _lines(DATA / "labelled-comments.jsonl")]


def test_labelled_set_is_large_and_varied() -> None:
    lines = _lines(DATA / "labelled-comments.jsonl")
    assert len(lines) >= 320
    intents = {line["expect"]["intent"] for line in lines}
    skips = {line["expect"].get("skip") for line in lines}
    assert intents == {"availability", "size_advice", "other"}
    assert set(SKIPPED_KINDS) <= skips


def test_labelled_accuracy(labelled_results: list[tuple[dict, Understanding]]) -> None:
    totals: dict[str, list[int]] = {"intent": [0, 0], "product": [0, 0], "variant": [0, 0]}
    misses = []
    for line, got in labelled_results:
        checks = _checks(line["expect"], got)
        for aspect, ok in checks.items():
            if ok is not None:
                totals[aspect][0] += ok
                totals[aspect][1] += 1
        if not all(ok is not False for ok in checks.values()):
            misses.append(
                f"  {line['text']!r} focus={line.get('focus')} expect={line['expect']} got=({got.intent}, "
                f"{got.product_id}, {got.colour}, {got.size}, source={got.product_source})"
            )
    accuracy = {aspect: right / total for aspect, (right, total) in totals.items()}
    print(f"\nlabelled comments: {len(labelled_results)}")
    for aspect, (right, total) in totals.items():
        print(f"  {aspect:8} {right}/{total} = {accuracy[aspect]:.1%}")
    print(f"misses ({len(misses)}):", *misses, sep="\n")
    assert accuracy["product"] >= 0.97
    assert accuracy["variant"] >= 0.95
    assert accuracy["intent"] >= 0.97


def test_skipped_comments_are_never_answered(labelled_results: list[tuple[dict, Understanding]]) -> None:
    for line, got in labelled_results:
        kind = line["expect"].get("skip")
        if kind in SKIPPED_KINDS:
            assert got.intent == "other", line["text"]
        if kind == "abuse":
            assert (got.skip_reason, got.product_id) == ("abuse", None), line["text"]
        if kind == "injection":  # skipped whole; a stock question inside it is kept for demand only
            assert got.skip_reason in ("injection", "command"), line["text"]


def test_shared_sample_comments_all_correct() -> None:
    parser = CommentParser(_catalog(SAMPLE / "sample-catalog.json"))
    lineup = _lineup(SAMPLE / "sample-lineup.json")
    wrong = []
    for line in _lines(SAMPLE / "sample-comments.jsonl"):
        got = parser.parse(line["text"], _context(line, lineup))
        if not all(ok is not False for ok in _checks(line["expect"], got).values()):
            wrong.append((line["text"], got))
    assert wrong == []


def test_understanding_details() -> None:
    parser = CommentParser(_catalog(DATA / "test-catalog.json"))
    lineup = _lineup(DATA / "test-lineup.json")
    advice = parser.parse("165 110斤穿什么码", StreamContext("SW-201", lineup))
    assert (advice.height_cm, advice.weight_kg) == (165, 55)
    assert parser.parse("5'4 120lbs what size", StreamContext("DR-350")).weight_kg == pytest.approx(54.4, abs=0.1)
    assert parser.parse("这件还有什么颜色", StreamContext("SW-201")).asks_for == "colours"
    assert parser.parse("还有哪些码", StreamContext("SW-201")).asks_for == "sizes"
    assert parser.parse("黑色L还有吗", StreamContext("SW-201")).asks_for == "variant"
    purple = parser.parse("紫色有吗", StreamContext("SW-201"))
    assert (purple.colour, purple.unknown_colour) == (None, "紫色")
    assert parser.parse("有S码吗", StreamContext("SW-201")).unknown_size == "S"
    missing = parser.parse("有没有羽绒服", StreamContext("SW-201"))
    assert (missing.product_id, missing.unknown_product, missing.confidence) == (None, "羽绒服", 0.0)
    traditional = parser.parse("黑色L碼還有嗎", StreamContext("SW-201"))
    assert traditional.traditional and traditional.language == "zh"
    assert parser.parse("is it available in M?", StreamContext("KC-320")).language == "en"
    named = parser.parse("跑鞋黑色43码还有吗", StreamContext())
    assert (named.product_source, named.confidence) == ("alias", 0.95)
    assert parser.parse("3号链接卡其色S码", StreamContext(None, lineup)).product_source == "link"
    assert parser.parse("主播好美", StreamContext()).skip_reason == "chatter"
    assert parser.parse("什么时候发货", StreamContext()).skip_reason is None


def test_semantic_matcher_is_used_only_when_words_fail() -> None:
    calls: list[str] = []

    def semantic(text: str) -> tuple[str, float] | None:
        calls.append(text)
        return ("TC-310", 0.8)

    parser = CommentParser(_catalog(DATA / "test-catalog.json"), semantic_match=semantic)
    assert parser.parse("卫衣黑色XL还有吗", StreamContext()).product_id == "SW-201"
    assert parser.parse("还有L吗", StreamContext("SW-201")).product_id == "SW-201"
    assert calls == []
    got = parser.parse("有没有大衣", StreamContext("SW-201"))
    assert (got.product_id, got.product_source, got.confidence) == ("TC-310", "semantic", 0.8)
    assert calls == ["大衣"]  # the matcher sees the product words, not the question around them
