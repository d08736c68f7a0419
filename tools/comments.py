"""Read-only tools for the live-comment agent: find a product, read its stock, suggest a size.

The live room and the viewer come from ``runtime.context`` (a CommentContext set by the pipeline); a model
cannot name another stream or role. None of these tools writes anything: a viewer's words never move stock.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from langchain.tools import ToolRuntime

from assistant.comments.agent_context import VIEWER_ROLE, CommentContext
from assistant.comments.size_advice import advise_size
from assistant.comments.stock_lookup import availability as read_availability
from assistant.comments.stock_lookup import facts_of, find_candidates, pick_variants, restock_days
from assistant.vocab import colour_of, size_of

if TYPE_CHECKING:
    from assistant.container import Services

MAX_FACTS = 40


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _trusted(runtime: ToolRuntime[CommentContext]) -> Any:
    context = runtime.context
    if not isinstance(context, CommentContext) or context.role != VIEWER_ROLE or context.services is None:
        raise PermissionError("comment tools run only for a viewer comment in a live room")
    return context.services


async def _room_availability(svc: Services, runtime: ToolRuntime[CommentContext], product: Any) -> Any:
    """The product's variants as the room's channel may sell them (the figures the pipeline's replies use)."""
    state = await svc.streams.state(runtime.context.stream_id)
    return (await read_availability(svc, [product], state.channel))[product.id]


def _product(svc: Services, product_id: str) -> Any:
    return svc.catalog.catalog.product(product_id.strip())


async def find_product(text: str, runtime: ToolRuntime[CommentContext]) -> str:
    """Find which products of this live room a description may mean ("the fluffy jacket", "3号链接").

    Returns up to 3 candidates, best first, each with product_id, names, colours, sizes and why it matched.
    """
    svc = _trusted(runtime)
    state = await svc.streams.state(runtime.context.stream_id)
    matcher = svc.catalog.matcher
    semantic = await asyncio.to_thread(matcher.match, text) if matcher is not None and text.strip() else None
    candidates = find_candidates(svc.catalog.catalog, text, dict(state.lineup), state.focus, semantic)
    links = {pid: no for no, pid in state.lineup.items()}
    return _json({"candidates": [
        {"product_id": p.id, "name_zh": p.display_name_zh, "name_en": p.display_name_en,
         "link_no": links.get(p.id), "colours": p.colours(), "sizes": p.sizes(), "why": why,
         "confidence": round(confidence, 2)}
        for p, why, confidence in candidates]})


async def availability(product_id: str, runtime: ToolRuntime[CommentContext], colour: str | None = None,
                       size: str | None = None) -> str:
    """Stock of a product now, from the ledger: each variant's sellable units and status.

    `colour` and `size` narrow it down ("black"/"黑色", "L"/"XXL"); an unknown one is reported and ignored.
    `status` is in_stock, low or sold_out. `restock_days` gives days until stock lands for sold-out variants.
    State only these figures.
    """
    svc = _trusted(runtime)
    product = _product(svc, product_id)
    if product is None:
        return _json({"error": f"no product {product_id!r}; use find_product first"})
    colour_label, size_label = colour_of(product, colour), size_of(product, size)
    notes = []  # an option the product lacks is said out loud, so the model does not answer for it
    if colour and colour_label is None:
        notes.append(f"{product.id} has no colour {colour!r}; showing all colours")
    if size and size_label is None:
        notes.append(f"{product.id} has no size {size!r}; showing all sizes")
    variants = await _room_availability(svc, runtime, product)
    chosen = pick_variants(variants, colour_label, size_label)[:MAX_FACTS]
    return _json({"product_id": product.id, "name_zh": product.display_name_zh, "name_en": product.display_name_en,
                  "colour": colour_label, "size": size_label, "notes": notes,
                  "facts": [f.public() for f in facts_of(product, chosen)],
                  "restock_days": await restock_days(svc, chosen)})


async def size_advice(product_id: str, runtime: ToolRuntime[CommentContext], height_cm: float | None = None,
                      weight_kg: float | None = None) -> str:
    """Which size of a product fits a viewer's height (cm) and weight (kg), from its size chart, with that
    size's stock now. Convert 斤 to kg (÷2) first. Returns recommended_size (null when the chart cannot tell)."""
    svc = _trusted(runtime)
    product = _product(svc, product_id)
    if product is None:
        return _json({"error": f"no product {product_id!r}; use find_product first"})
    size = advise_size(product, height_cm, weight_kg)
    if size is None:
        return _json({"product_id": product.id, "recommended_size": None, "facts": [],
                      "note": "need height and weight, or the product has no size chart"})
    variants = [v for v in await _room_availability(svc, runtime, product) if v.size == size]
    return _json({"product_id": product.id, "recommended_size": size,
                  "facts": [f.public() for f in facts_of(product, variants)],
                  "restock_days": await restock_days(svc, variants)})


COMMENT_TOOLS: list[Callable[..., Any]] = [find_product, availability, size_advice]
