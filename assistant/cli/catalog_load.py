"""`stock-assistant catalog load FILE`: validate, then load with a progress bar covering the SKUs and the embedding.

The embedding is the long part (~20 ms of CPU per text): the command builds the semantic index itself and shows
it, and its vectors go to Redis (SharedVectors), so the serving workers read them instead of embedding again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from assistant.catalog.validation import validate_catalog
from assistant.config import get_settings
from assistant.container import start_services
from assistant.errors import AppError

if TYPE_CHECKING:
    from assistant.container import Services

err = Console(stderr=True)


async def load_catalog_command(path: str, *, reset_stock: bool = False, index: bool = True) -> int:
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
    svc = await start_services(get_settings(), semantic_index=index)  # --no-index: the serving workers embed
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err) as bar:
            task = bar.add_task("loading SKUs", total=None)
            result = await svc.catalog.load(
                raw, actor="cli", reset_stock=reset_stock,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
            if index:
                result["semantic_index"] = await _follow_index(svc, bar, bar.add_task("embedding", total=None))
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        await svc.aclose()
    print(json.dumps(result))
    return 0


async def _follow_index(svc: Services, bar: Progress, task: TaskID) -> dict[str, Any]:
    """The embedding bar, until the index is ready or failed (the load itself is already usable)."""
    semantic = svc.catalog.semantic
    while True:
        status = svc.catalog.index_status()
        records = status.get("records") or 0
        bar.update(task, completed=records - (status.get("pending") or 0), total=records or None)
        if semantic is None or status["state"] in ("ready", "failed", "off", "empty"):
            return status
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(semantic.wait(), 0.25)
