"""Session tools: refused orders, the oversell check, products that are not selling."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ledger import refusals
from assistant.ops import session_figures, stock_figures
from assistant.ops.context import OpsContext
from tools._common import json_answer, services


@json_answer
async def order_refusals(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None) -> dict[str, Any]:
    """Orders of the live room the ledger refused (not enough stock, buyer limit, flash cap) over the last
    `window_minutes` (empty: the whole session): how many orders and units, by reason."""
    svc = services(runtime)
    since = None if window_minutes is None else svc.clock() - window_minutes * 60_000
    return await refusals.refusals(svc.redis, runtime.context.stream_id, since)


@json_answer
async def oversell_check(runtime: ToolRuntime[OpsContext]) -> dict[str, Any]:
    """Whether any lineup variant sold more than it had to sell (on hand minus safety stock). `oversold`
    is the number of such variants; the ledger is built never to oversell, so it should be 0."""
    svc = services(runtime)
    return await session_figures.oversell_check(svc, await stock_figures.scope_products(svc, runtime.context.stream_id))


@json_answer
async def cold_products(runtime: ToolRuntime[OpsContext], window_minutes: int = 30) -> dict[str, Any]:
    """Lineup products with no sale in this live room over the last `window_minutes` (default 30): on
    screen or in the lineup but not selling ("哪些不动销", "what isn't selling")."""
    svc = services(runtime)
    scope = await stock_figures.scope_products(svc, runtime.context.stream_id)
    return await session_figures.cold_products(svc, scope, max(1, window_minutes), runtime.context.stream_id)
