"""Plumbing shared by the ops tools: JSON answers, tool errors the model can read, selections."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec

from langchain.tools import ToolRuntime

from assistant.catalog.models import Product, Variant
from assistant.errors import AppError
from assistant.ops.context import OpsContext
from assistant.ops.resolve import Target, resolve_target
from assistant.ops.stock_figures import scope_products

P = ParamSpec("P")


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def json_answer(tool: Callable[P, Awaitable[dict[str, Any]]]) -> Callable[P, Awaitable[str]]:
    """Makes a tool's figures the model's JSON answer; a refusal (unknown product, ambiguous word ...) becomes
    {"error": {"code", "message"}} the model can read. Name, docstring and signature stay the tool's own."""

    @functools.wraps(tool)
    async def answer(*args: P.args, **kwargs: P.kwargs) -> str:
        try:
            return as_json(await tool(*args, **kwargs))
        except AppError as error:
            return as_json({"error": {"code": error.code, "message": error.message}})

    answer.__annotations__ = {**tool.__annotations__, "return": "str"}
    return answer


def services(runtime: ToolRuntime[OpsContext]) -> Any:
    return runtime.context.services


async def target(runtime: ToolRuntime[OpsContext], product: str | None, link: int | None,
                 colour: str | None, size: str | None) -> Target:
    return await resolve_target(services(runtime), runtime.context.stream_id, product=product, link=link,
                                colour=colour, size=size)


def in_class(product: Product, tier: str | None, product_role: str | None) -> bool:
    """Whether a product is of the ABC tier and product role asked for (None: any)."""
    return (not tier or (product.tier or "").upper() == tier.upper()) and (not product_role or product.role == product_role)


async def selected_variants(runtime: ToolRuntime[OpsContext], product: str | None, link: int | None,
                            colour: str | None, size: str | None, tier: str | None = None,
                            product_role: str | None = None) -> list[tuple[Product, Variant]]:
    """The variants named, or every variant of the live room's lineup when nothing is named (of the tier /
    product role asked for, if any)."""
    if product or link is not None:
        chosen = await target(runtime, product, link, colour, size)
        return [(chosen.product, v) for v in chosen.variants]
    scope = await scope_products(services(runtime), runtime.context.stream_id)
    return [(p, v) for p, _ in scope if in_class(p, tier, product_role) for v in p.variants]
