"""`stock-assistant bench parse`: how long the offline engine takes to understand one comment.

Moved here from the test suite, where a speed bound went red on a loaded machine. The figure is the best of
seven rounds over generated comments on the sample catalog (other work on a shared machine only ever adds
time), next to a baseline measured in the same run: text normalisation alone, the parser's first step.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from importlib import resources
from typing import Any

from assistant.bench.comments import generate_comments
from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext
from assistant.vocab.text import normalise

TARGET_US_PER_COMMENT = 100
ROUNDS = 7


def _best_us(work: Callable[[str], Any], texts: list[str]) -> float:
    rounds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for text in texts:
            work(text)
        rounds.append((time.perf_counter() - started) / len(texts) * 1e6)
    return min(rounds)


def run(args: argparse.Namespace) -> dict[str, Any]:
    data = resources.files("assistant.data")
    catalog = Catalog.model_validate(json.loads(data.joinpath("sample-catalog.json").read_text(encoding="utf-8")))
    lineup = {i["link_no"]: i["product_id"] for i in json.loads(data.joinpath("sample-lineup.json").read_text())["items"]}
    texts = generate_comments(500 if getattr(args, "quick", False) else 5000, catalog, lineup)
    parser = CommentParser(catalog)
    context = StreamContext(focus=catalog.products[0].id, lineup=lineup)
    parse_us = _best_us(lambda text: parser.parse(text, context), texts)
    baseline_us = _best_us(normalise, texts)
    return {"comments": len(texts), "rounds": ROUNDS, "parse_us_per_comment": round(parse_us, 1),
            "baseline_normalise_us_per_comment": round(baseline_us, 2),
            "ratio_to_baseline": round(parse_us / baseline_us, 1),
            "target_us_per_comment": TARGET_US_PER_COMMENT, "met": parse_us <= TARGET_US_PER_COMMENT}
