"""Realistic contexts for every template, so each one renders with the data its caller really passes.

The values in template_data.json were recorded from the code paths that render each template (ops answers,
cards, replies, webhooks, pages) on the sample catalog. An ops answer's question (`q`) and format helpers
(`h`) are rebuilt from the question's words, exactly as assistant/ops/answers.py builds them.

A new template needs an entry in template_data.json: the render test fails until it has one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from assistant.catalog.models import Catalog
from assistant.ops.answers import Helpers, catalog_examples
from assistant.ops.question import read_question

DATA_FILE = Path(__file__).with_name("template_data.json")
SAMPLE_CATALOG = Path(__file__).parents[2] / "assistant" / "data" / "sample-catalog.json"


@cache
def sample_catalog() -> Catalog:
    return Catalog.model_validate_json(SAMPLE_CATALOG.read_text(encoding="utf-8"))


@cache
def _recorded() -> dict[str, dict[str, Any]]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def has_data(name: str) -> bool:
    return name in _recorded()


def context(name: str) -> dict[str, Any]:
    """The render context of template `name`: its recorded values plus the rebuilt question and helpers."""
    values = json.loads(json.dumps(_recorded()[name]))  # a fresh copy per render
    if isinstance(values.get("q"), dict):
        values["q"] = read_question(values["q"]["raw"], sample_catalog())
    if values.get("h") == "<helpers>":
        values["h"] = Helpers(values["lang"], sample_catalog())
    if values.get("examples") == "<catalog examples>":
        values["examples"] = catalog_examples(sample_catalog())
    if "rows" in values and name == "ops/answers/comparison.j2":
        values["rows"] = [tuple(row) for row in values["rows"]]
    return values


def recorded_names() -> list[str]:
    return sorted(_recorded())
