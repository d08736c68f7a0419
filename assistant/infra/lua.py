"""Lua scripts are package data (``<package>/lua/<name>.lua``), one file per atomic step, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def lua_source(package: str, name: str, *preludes: str) -> str:
    """The script, after the named preludes of the same folder (shared helpers such as ``_lease``)."""
    folder = resources.files(package) / "lua"
    return "".join((folder / f"{part}.lua").read_text(encoding="utf-8") for part in (*preludes, name))
