"""Sales tools, computed from the ledger's movement stream: units, velocity, best sellers, forecasts, history."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.errors import InvalidInput
from assistant.ops import sales_figures, session_figures, stock_figures
from assistant.ops.context import OpsContext
from tools._common import in_class, json_answer, selected_variants, services, target


@json_answer
async def sales_summary(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None,
                        product: str | None = None, link: int | None = None, colour: str | None = None,
                        size: str | None = None, channel: str | None = None, tier: str | None = None,
                        product_role: str | None = None) -> dict[str, Any]:
    """Units sold, cancelled and net, orders (and cancelled orders), units per hour over the last
    `window_minutes`, counting this live room's orders. Also the answer for cancellations ("取消了多少").

    Leave `window_minutes` empty for everything recorded (the whole session). Without a product or link
    it covers the whole lineup of the live room; `colour` and `size` narrow a product down; `channel`
    (douyin, kuaishou, taobao ...) keeps one channel's orders; `tier` (A, B, C) or `product_role` (traffic =
    引流款, profit = 利润款, long_tail) keeps the lineup products of that kind. To compare two products or
    colours, call it once for each.
    """
    variants = await selected_variants(runtime, product, link, colour, size, tier, product_role)
    return await sales_figures.sales(services(runtime), variants, window_minutes,
                                     stream=runtime.context.stream_id, channel=channel or "")


@json_answer
async def best_sellers(runtime: ToolRuntime[OpsContext], window_minutes: int | None = None, limit: int = 5,
                       by_variant: bool = False, tier: str | None = None,
                       product_role: str | None = None) -> dict[str, Any]:
    """The live room's best sellers by net units sold over the last `window_minutes` (empty: whole session).

    Ranks products, or single variants (colour + size) when `by_variant` is true; `tier` (A, B, C) or
    `product_role` (traffic, profit, long_tail) ranks only the lineup products of that kind.
    """
    svc = services(runtime)
    scope = [(p, n) for p, n in await stock_figures.scope_products(svc, runtime.context.stream_id)
             if in_class(p, tier, product_role)]
    return await sales_figures.best_sellers(svc, scope, window_minutes, max(1, min(limit, 20)), by_variant,
                                            stream=runtime.context.stream_id)


@json_answer
async def sellout_forecast(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                           colour: str | None = None, size: str | None = None,
                           window_minutes: int | None = None, tier: str | None = None,
                           product_role: str | None = None) -> dict[str, Any]:
    """When variants will sell out at the current pace: minutes left = sellable / net sales rate.

    The rate is taken over the last `window_minutes` (default 30). Without a product it lists the lineup
    variants that will run out first (only those of `tier` A/B/C or `product_role` traffic/profit/long_tail,
    when given). A variant with no recent sales has no forecast (minutes_left null).
    """
    svc = services(runtime)
    window = window_minutes or svc.settings.ops_forecast_window_minutes
    variants = await selected_variants(runtime, product, link, colour, size, tier, product_role)
    specific = bool(product or link is not None)
    return await sales_figures.forecast(svc, variants, window, 10 if specific else 5, specific)


@json_answer
async def order_history(runtime: ToolRuntime[OpsContext], product: str | None = None, link: int | None = None,
                        colour: str | None = None, size: str | None = None, limit: int = 10) -> dict[str, Any]:
    """The latest ledger movements (sales, cancels, holds, restocks, corrections) of ONE variant, newest first.

    Name one variant: a SKU, or a product with colour and size.
    """
    chosen = await target(runtime, product, link, colour, size)
    if len(chosen.variants) != 1:
        options = ", ".join(v.sku for v in chosen.variants[:12])
        raise InvalidInput(f"name one variant (colour and size); options: {options}", code="needs_one_variant")
    return await stock_figures.history(services(runtime), chosen, max(1, min(limit, 50)))


@json_answer
async def sales_split(runtime: ToolRuntime[OpsContext], by: str = "channel", window_minutes: int | None = None,
                      product: str | None = None, link: int | None = None, colour: str | None = None,
                      size: str | None = None, channels: list[str] | None = None) -> dict[str, Any]:
    """Sales split per channel (`by`="channel": this room's orders per shop channel, optionally only
    `channels`) or per live room (`by`="room": every room's orders). Each row: sold, cancelled, net,
    orders. Use for "抖音和快手各卖了多少", "sales by channel", "各个直播间卖了多少".
    """
    if by not in ("channel", "room"):
        raise InvalidInput("by is channel or room", code="invalid_split")
    variants = await selected_variants(runtime, product, link, colour, size)
    return await session_figures.sales_split(services(runtime), variants, window_minutes, by,
                                             runtime.context.stream_id, channels)
