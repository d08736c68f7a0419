"""`stock-assistant bench TARGET`: each target module exposes run(args) -> dict (printed as JSON)."""

from __future__ import annotations

import argparse
import importlib
from typing import Any


def run_bench(target: str, args: argparse.Namespace) -> dict[str, Any]:
    module = importlib.import_module(f"assistant.bench.{target}")
    return {"bench": target, **module.run(args)}
