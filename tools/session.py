"""Session tools: refused orders, the oversell check, products that are not selling."""

from __future__ import annotations

from langchain.tools import ToolRuntime

from assistant.ops import refusals, session_figures, stock_figures
from assistant.ops.context import OpsContext
from tools._common import respond, services


async def order_refusals(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None) -> str:
    """Orders of the live room the ledger refused (not enough stock, buyer limit, flash cap) over the last
    `window_minutes` (empty: the whole session): how many orders and units, by reason."""
    async def work() -> dict:
        svc = services(runtime)
        since = None if window_minutes is None else svc.clock() - window_minutes * 60_000
        return await refusals.refusals(svc.redis, runtime.context.stream_id, since)

    return await respond(work())


async def oversell_check(runtime: ToolRuntime[OpsContext]) -> str:
    """Whether any lineup variant sold more than it had to sell (on hand minus safety stock). `oversold`
    is the number of such variants; the ledger is built never to oversell, so it should be 0."""
    async def work() -> dict:
        svc = services(runtime)
        return await session_figures.oversell_check(svc, await stock_figures.scope_products(svc, runtime.context.stream_id))

    return await respond(work())


async def cold_products(runtime: ToolRuntime[OpsContext], window_minutes: int = 30) -> str:
    """Lineup products with no sale in this live room over the last `window_minutes` (default 30): on
    screen or in the lineup but not selling ("哪些不动销", "what isn't selling")."""
    async def work() -> dict:
        svc = services(runtime)
        scope = await stock_figures.scope_products(svc, runtime.context.stream_id)
        return await session_figures.cold_products(svc, scope, max(1, window_minutes), runtime.context.stream_id)

    return await respond(work())
