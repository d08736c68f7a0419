"""Plumbing shared by the ops tools: JSON answers, tool errors the model can read, selections."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any

from langchain.tools import ToolRuntime

from assistant.catalog.models import Product, Variant
from assistant.errors import AppError
from assistant.ops.context import OpsContext
from assistant.ops.resolve import Target, resolve_target
from assistant.ops.stock_figures import scope_products


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


async def respond(work: Awaitable[dict[str, Any]]) -> str:
    """The tool's answer as JSON; a refusal (unknown product, ambiguous word ...) as {"error": ...}."""
    try:
        return as_json(await work)
    except AppError as error:
        return as_json({"error": {"code": error.code, "message": error.message}})


def services(runtime: ToolRuntime[OpsContext]) -> Any:
    return runtime.context.services


async def target(runtime: ToolRuntime[OpsContext], product: str | None, link: int | None,
                 colour: str | None, size: str | None) -> Target:
    return await resolve_target(services(runtime), runtime.context.stream_id, product=product, link=link,
                                colour=colour, size=size)


async def selected_variants(runtime: ToolRuntime[OpsContext], product: str | None, link: int | None,
                            colour: str | None, size: str | None) -> list[tuple[Product, Variant]]:
    """The variants named, or every variant of the live room's lineup when nothing is named."""
    if product or link is not None:
        chosen = await target(runtime, product, link, colour, size)
        return [(chosen.product, v) for v in chosen.variants]
    scope = await scope_products(services(runtime), runtime.context.stream_id)
    return [(p, v) for p, _ in scope for v in p.variants]
