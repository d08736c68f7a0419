"""Demand tool: what viewers are asking for (svc.demand, built by the demand domain; may be absent)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ops.context import OpsContext
from assistant.vocab.lexicon import COLOUR_LEXICON
from tools._common import json_answer, services


@json_answer
async def demand_signals(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None,
                         flagged_only: bool = False, limit: int = 10, unmet_only: bool = False,
                         product: str | None = None, colour: str | None = None) -> dict[str, Any]:
    """What viewers of the live room ask about most: per product/colour/size the number of questions
    (asks), distinct askers, asks that could not be met (sold out or low), sales, and flags
    (frequent, unmet) with a restock estimate. `window_minutes` empty means the whole session;
    `flagged_only` keeps only flagged items; `unmet_only` only asks that could not be met ("想买买不到");
    `product` (id) and `colour` keep the asks about one product or colour ("有没有人问白色").
    """
    demand = services(runtime).demand
    stream_id = runtime.context.stream_id
    if demand is None or not hasattr(demand, "top") or not stream_id:
        return {"available": False, "items": []}
    window_s = None if window_minutes is None else int(window_minutes) * 60
    items = await demand.top(stream_id, window_s=window_s, flagged_only=flagged_only, limit=50)
    items = [i for i in items if (not unmet_only or int(i.get("unmet_asks") or 0) > 0)
             and (not product or i.get("product_id") == product)
             and (not colour or _same_colour(i.get("colour"), colour))][: max(1, min(limit, 50))]
    return {"available": True, "stream_id": stream_id, "window_minutes": window_minutes,
            "items": list(items)}


def _same_colour(label: object, wanted: str) -> bool:
    if not isinstance(label, str):
        return False
    return label.lower() == wanted.lower() or COLOUR_LEXICON.canonical_of(label) == wanted.lower()
