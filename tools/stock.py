"""Stock tools: units left, what is low or sold out, stock on the way, days of cover."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.ops import cover, stock_figures
from assistant.ops.context import OpsContext
from tools._common import in_class, json_answer, selected_variants, services, target


@json_answer
async def stock_of(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                   colour: str | None = None, size: str | None = None) -> dict[str, Any]:
    """Units left of a product or of some of its variants: sellable now, physical stock, held, status.

    Name the product with `product` (product id like "HD-101", a SKU like "HD-101-BLK-L", or a name or
    alias in Chinese or English such as "连帽卫衣" / "hoodie") or with `link`, the link number in the
    current live room's lineup. `colour` ("black", "黑色") and `size` ("L", "XL", "28") narrow it down.
    `sellable` is what can still be sold; `status` is in_stock, low or sold_out.
    """
    return await stock_figures.stock_of(services(runtime), await target(runtime, product, link, colour, size))


@json_answer
async def low_stock(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                    tier: str | None = None, product_role: str | None = None) -> dict[str, Any]:
    """Variants that are sold out or running low, across the live room's lineup or one product / link.

    Use for "what is almost gone", "what's sold out", "哪些快卖完了". Each row has the product, its link
    number, colour, size and sellable units. `tier` (A, B, C) or `product_role` (traffic = 引流款, profit = 利润款,
    long_tail) keep only the lineup products of that ABC tier or product role.
    """
    svc = services(runtime)
    if product or link is not None:
        chosen = await target(runtime, product, link, None, None)
        scope = [(chosen.product, link)]
    else:
        scope = await stock_figures.scope_products(svc, runtime.context.stream_id)
    scope = [(p, n) for p, n in scope if in_class(p, tier, product_role)]
    answer = await stock_figures.low_and_sold_out(svc, runtime.context.stream_id, scope)
    return {**answer, "tier": tier, "product_role": product_role}


@json_answer
async def incoming_stock(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                         colour: str | None = None, size: str | None = None) -> dict[str, Any]:
    """Shipments on the way (not yet sellable): quantity and expected arrival, for a product or the lineup."""
    return await stock_figures.incoming(services(runtime),
                                        await selected_variants(runtime, product, link, colour, size))


@json_answer
async def stock_cover(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                      colour: str | None = None, size: str | None = None) -> dict[str, Any]:
    """How long stock lasts at the current pace ("还够卖几天", "days of cover"), most urgent first.

    Per variant: `cover_hours` / `cover_days` at the pace (null when too few orders to tell), the restock
    `lead_hours`, `reorder_point` (pace x lead time x buffer), `tier` yellow / orange / red at 150 / 100 /
    50 % of it, `suggested_qty` to restock, and the next shipment on the way. A product or link narrows it.
    """
    variants = await selected_variants(runtime, product, link, colour, size)
    return await cover.stock_cover(services(runtime), runtime.context.stream_id, variants)
