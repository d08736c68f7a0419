"""`stock-assistant catalog load FILE`: validate, then load with a progress bar."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from assistant.catalog.validation import validate_catalog
from assistant.config import get_settings
from assistant.container import start_services
from assistant.errors import AppError

err = Console(stderr=True)


async def load_catalog_command(path: str, *, reset_stock: bool = False) -> int:
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"catalog refused: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    try:
        validate_catalog(raw)  # refuse a bad file before starting anything
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    svc = await start_services(get_settings(), semantic_index=False)  # the serving workers embed
    try:
        with Progress(TextColumn("loading SKUs"), BarColumn(), MofNCompleteColumn(), console=err) as bar:
            task = bar.add_task("load", total=None)
            result = await svc.catalog.load(
                raw, actor="cli", reset_stock=reset_stock,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        await svc.aclose()
    print(json.dumps(result))
    return 0
