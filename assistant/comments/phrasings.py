"""Reply templates with one phrasing per line (prompts/replies/{zh,en}/*.j2), rendered one line at a time.

Jinja spends ~20 µs per render on context set-up, more than the rest of composing a reply. Lines that only
substitute plain values (``{{ label }}``) are split once into literal and value parts and joined directly;
a template using anything else (tags, filters) goes through jinja as before. Templates are read once per
process: edit them and restart.
"""

from __future__ import annotations

import re
from functools import cache

from prompts import environment, render

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")
_OTHER_JINJA = re.compile(r"\{%|\{\{|\{#")
_COMMENT_LINE = re.compile(r"^\{#.*#\}$")


@cache
def simple_lines(template: str) -> tuple[tuple[str, ...], ...] | None:
    """Each phrasing as (literal, name, literal, name, ...); None when a line needs jinja proper."""
    env = environment()
    source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    lines = []
    for line in source.splitlines():
        text = line.strip()
        if not text or _COMMENT_LINE.match(text):
            continue
        parts = tuple(_PLACEHOLDER.split(text))
        if any(_OTHER_JINJA.search(literal) for literal in parts[::2]):
            return None
        lines.append(parts)
    return tuple(lines) or None


def render_phrasing(template: str, seed: int, values: dict[str, object]) -> str:
    """One phrasing of the template, chosen by seed so a busy chat does not see the same line every time."""
    lines = simple_lines(template)
    if lines is None:
        rendered = [ln for ln in render(template, **values).splitlines() if ln.strip()]
        return rendered[seed % len(rendered)].strip()
    parts = lines[seed % len(lines)]
    return "".join(part if index % 2 == 0 else str(values[part]) for index, part in enumerate(parts)).strip()
