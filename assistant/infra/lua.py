"""Lua scripts are package data (``<package>/lua/<name>.lua``), one file per atomic step, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def lua_source(package: str, name: str, *preludes: str) -> str:
    """The script, after the named shared preludes (infra/lua/_<name>.lua, such as ``_lease``)."""
    shared = resources.files("assistant.infra") / "lua"
    parts = [(shared / f"{prelude}.lua") for prelude in preludes] + [resources.files(package) / "lua" / f"{name}.lua"]
    return "".join(part.read_text(encoding="utf-8") for part in parts)
