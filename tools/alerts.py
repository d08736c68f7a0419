"""Alerts tool: the host prompt cards still open for the live room (svc.alerts; may be absent)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ops.context import OpsContext
from tools._common import json_answer, services

_CARD_FIELDS = ("id", "product_id", "name_zh", "name_en", "level", "line_zh", "line_en", "sellout_minutes",
                "updated_ts", "acknowledged")


@json_answer
async def open_alerts(runtime: ToolRuntime[OpsContext], limit: int = 10) -> dict[str, Any]:
    """Stock alerts (host prompt cards) for the live room that nobody has acknowledged yet, newest first:
    product, level (e.g. low, critical, sold_out) and the card's line in Chinese and English.
    """
    alerts = services(runtime).alerts
    stream_id = runtime.context.stream_id
    store = getattr(alerts, "store", None)
    if store is None or not hasattr(store, "list_cards") or not stream_id:
        return {"available": False, "cards": []}
    cards = await store.list_cards(stream_id, limit=50)
    open_cards = [c.model_dump(mode="json", include=set(_CARD_FIELDS)) for c in cards if not c.acknowledged]
    return {"available": True, "stream_id": stream_id, "open": len(open_cards),
            "cards": open_cards[: max(1, min(limit, 50))]}
