"""Lua scripts are package data (``<package>/lua/<name>.lua``), one file per atomic step, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def lua_source(package: str, name: str) -> str:
    return (resources.files(package) / "lua" / f"{name}.lua").read_text(encoding="utf-8")
