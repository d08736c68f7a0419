"""The fast one-line renderer says exactly what jinja would, for every reply template."""

from __future__ import annotations

import pytest

from assistant.comments.phrasings import render_phrasing, simple_lines
from prompts import environment, render, template_names

REPLY_TEMPLATES = [name for name in template_names() if name.startswith("replies/")]
VALUES = {"mentions": "@小美 @Jo", "label": "黑色L码", "sellable": 3, "name": "联名款连帽卫衣", "options": "黑色、灰色",
          "dimension_word": "颜色", "asked": "紫色", "follow_up": "，灰色L码还有货哦", "body": "170cm 65kg", "size": "L",
          "availability": "L码有货哦～", "kind": "restock", "restock_days": 3, "restock_hours": None, "restock_qty": 40, "also": "，灰色L码还有货哦", "alternatives": "灰色L码",
          "substitute_name": "基础款圆领卫衣", "part": False, "state": "in_stock", "statements": "黑色M码有货，白色M码卖完了"}


def test_reply_templates_are_found() -> None:
    assert len(REPLY_TEMPLATES) >= 24


@pytest.mark.parametrize("template", REPLY_TEMPLATES)
def test_fast_rendering_equals_jinja(template: str) -> None:
    by_jinja = [line.strip() for line in render(template, **VALUES).splitlines() if line.strip()]
    if simple_lines(template) is None:  # tags or filters: rendered by jinja itself
        env = environment()
        assert "{%" in env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    fast = [render_phrasing(template, seed, VALUES) for seed in range(len(by_jinja))]
    assert fast == by_jinja
