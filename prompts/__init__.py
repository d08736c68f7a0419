"""The one jinja2 environment for every prompt, reply and page template."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, /, **context: object) -> str:
    return environment().get_template(template).render(**context)


def compile_all() -> int:
    """At start-up: compiling on first use would land on the first burst of cards or comments (~0.2 s)."""
    names = template_names()
    for name in names:
        environment().get_template(name)
    return len(names)


def template_names() -> list[str]:
    return sorted(
        str(p.relative_to(TEMPLATE_DIR))
        for p in TEMPLATE_DIR.rglob("*")
        if p.suffix in {".j2", ".html", ".txt"}
    )
