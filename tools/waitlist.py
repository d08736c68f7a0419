"""Waitlist tool: how many viewers wait for which variants (svc.waitlist; may be absent)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ops.context import OpsContext
from tools._common import json_answer, services, target


@json_answer
async def waitlist_sizes(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                         colour: str | None = None, size: str | None = None) -> dict[str, Any]:
    """How many viewers of the live room wait for a sold-out variant to come back (they asked for it while it
    was sold out, or said "蹲一个" / "notify me"), per variant, with its sellable count now, and the room's
    totals: joined, left, notified, held for them, bought within the hold. Without a product: every variant
    with a waitlist in the room; `colour` and `size` narrow a product down.
    """
    svc = services(runtime)
    stream_id = runtime.context.stream_id
    if svc.waitlist is None or not stream_id:
        return {"available": False, "variants": []}
    await svc.waitlist.catch_up()
    room = await svc.waitlist.room(stream_id)
    if product or link is not None:
        chosen = await target(runtime, product, link, colour, size)
        rows = {r["sku"]: r for r in room["variants"]}
        room["variants"] = [rows.get(v.sku) or {"sku": v.sku, "product_id": chosen.product.id,
                                                 "name_zh": chosen.product.display_name_zh,
                                                 "name_en": chosen.product.display_name_en,
                                                 "colour": v.colour, "size": v.size, "waiting": 0}
                            for v in chosen.variants]
        room["waiting"] = sum(r["waiting"] for r in room["variants"])
    return {"available": True, **room}
