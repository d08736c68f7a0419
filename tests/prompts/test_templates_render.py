"""Every template renders with StrictUndefined on realistic data, and HTML output is autoescaped."""

from __future__ import annotations

import re

import pytest
from jinja2 import StrictUndefined

from prompts import environment, template_names
from tests.prompts.template_data import context, has_data, recorded_names


def test_there_are_templates_for_every_audience():
    names = template_names()
    assert any(n.startswith("replies/zh/") for n in names)
    assert any(n.startswith("replies/en/") for n in names)
    assert environment().undefined is StrictUndefined


# Rendered inside (or as the shell of) another template, with that one's data.
INCLUDED_BY = {"report/review.html": "report/report.html", "pages/live.html": "host/page.html",
               "report/locations.html": "report/report.html"}


@pytest.mark.parametrize("name", template_names())
def test_template_renders_with_realistic_data(name):
    data_for = INCLUDED_BY.get(name, name)
    assert has_data(data_for), (
        f"{name} has no render data: add a realistic context for it to tests/prompts/template_data.json "
        f"(the values its caller passes; see tests/prompts/template_data.py)")
    env = environment()
    values = context(data_for)
    text = env.get_template(data_for).render(**values)
    assert text.strip(), f"{data_for} rendered nothing"
    if name != data_for:
        assert env.get_template(name).render(**values).strip()


def test_every_render_data_entry_names_a_template():
    stale = set(recorded_names()) - set(template_names())
    assert not stale, f"template_data.json has data for templates that no longer exist: {sorted(stale)}"


def test_html_is_autoescaped():
    html = [n for n in template_names() if n.endswith(".html")]
    assert html, "the pages are HTML templates: none found"
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
