"""Demand tool: what viewers are asking for (svc.demand, built by the demand domain; may be absent)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ops.context import OpsContext
from tools._common import respond, services


async def demand_signals(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None,
                         flagged_only: bool = False, limit: int = 10) -> str:
    """What viewers of the live room ask about most: per product/colour/size the number of questions
    (asks), distinct askers, asks that could not be met (sold out or low), sales, and flags
    (frequent, unmet) with a restock estimate. `window_minutes` empty means the whole session;
    `flagged_only` keeps only flagged items (e.g. "unmet demand").
    """
    async def work() -> dict[str, Any]:
        demand = services(runtime).demand
        stream_id = runtime.context.stream_id
        if demand is None or not hasattr(demand, "top") or not stream_id:
            return {"available": False, "items": []}
        window_s = None if window_minutes is None else int(window_minutes) * 60
        items = await demand.top(stream_id, window_s=window_s, flagged_only=flagged_only, limit=max(1, min(limit, 50)))
        return {"available": True, "stream_id": stream_id, "window_minutes": window_minutes,
                "items": list(items)}

    return await respond(work())
