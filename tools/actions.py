"""Write tools. They only PROPOSE: each returns a confirmation token and changes nothing.

The change is applied when the same ops user confirms the token over HTTP (POST /v1/ops/confirm) or by
typing "confirm TOKEN"; there is no confirm tool, so no model output can apply a change. Viewers' text
never reaches these tools: the comment pipeline does not import this module.
"""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.errors import InvalidInput
from assistant.ops.context import OpsContext
from assistant.ops.stock_figures import names, variant_row
from tools._common import json_answer, services, target
from tools.kits import propose_kits
from tools.warehouses import warehouse_id, warehouse_name


@json_answer
async def _propose(runtime: ToolRuntime[OpsContext], action: str, value: int | None, summary: str,
                   product: str | None, link: int | None, colour: str | None, size: str | None,
                   scope: str = "", expected_stock: int | None = None, use_current_stock: bool = False) -> dict[str, Any]:
    if value is not None and value < 0:
        raise InvalidInput("the number must be 0 or more", code="invalid_qty")
    chosen = await target(runtime, product, link, colour, size)
    if len(chosen.variants) != 1:
        options = ", ".join(v.sku for v in chosen.variants[:12])
        raise InvalidInput(f"a change applies to one variant; say colour and size ({options})",
                           code="needs_one_variant")
    svc, variant = services(runtime), chosen.variants[0]
    stock = (await svc.ledger.read([variant.sku]))[variant.sku]
    current = variant_row(svc, variant, stock)
    # Count corrections are compare-and-set: applied only if stock is still what ops saw now.
    expected = expected_stock if expected_stock is not None else (current["stock"] if use_current_stock else None)
    proposal = await svc.ops.proposals.propose(
        runtime.context.user, action, variant.sku, value, summary=summary.format(sku=variant.sku),
        stream_id=runtime.context.stream_id, scope=scope, expected_stock=expected)
    return {"proposal": proposal.public(svc.clock()), **names(chosen.product), "current": current,
            "applied": False, "confirm_with": f"POST /v1/ops/confirm {{\"token\": \"{proposal.token}\"}}"}


async def propose_restock(runtime: ToolRuntime[OpsContext], qty: int, product: str | None = None,
                          link: int | None = None, colour: str | None = None, size: str | None = None) -> str:
    """Propose adding `qty` units to one variant's stock (e.g. "把灰色M补货50件"). Not applied until the
    ops user confirms the returned token; tell them the token and what will change."""
    if qty <= 0:
        return await _refuse("a restock adds at least one unit")
    return await _propose(runtime, "restock", qty, f"restock {{sku}} by {qty}", product, link, colour, size)


async def propose_count_correction(runtime: ToolRuntime[OpsContext], stock: int, product: str | None = None,
                                   link: int | None = None, colour: str | None = None, size: str | None = None,
                                   expected_stock: int | None = None) -> str:
    """Propose setting one variant's physical stock to `stock` after a count. It is compare-and-set: on
    confirmation it applies only if the stock is still `expected_stock` (default: the stock right now)."""
    return await _propose(runtime, "count_correction", stock, f"set the counted stock of {{sku}} to {stock}",
                          product, link, colour, size, expected_stock=expected_stock, use_current_stock=True)


async def propose_safety_stock(runtime: ToolRuntime[OpsContext], value: int, product: str | None = None,
                               link: int | None = None, colour: str | None = None, size: str | None = None) -> str:
    """Propose the safety stock (units kept back, never sold) of one variant. Needs confirmation."""
    return await _propose(runtime, "safety_stock", value, f"set the safety stock of {{sku}} to {value}",
                          product, link, colour, size)


async def propose_buyer_limit(runtime: ToolRuntime[OpsContext], value: int, product: str | None = None,
                              link: int | None = None, colour: str | None = None, size: str | None = None) -> str:
    """Propose the most units one buyer may buy of one variant (0 = no limit). Needs confirmation."""
    return await _propose(runtime, "buyer_limit", value, f"limit {{sku}} to {value} per buyer",
                          product, link, colour, size)


async def propose_flash_cap(runtime: ToolRuntime[OpsContext], value: int | None, product: str | None = None,
                            link: int | None = None, colour: str | None = None, size: str | None = None,
                            whole_shop: bool = False) -> str:
    """Propose a flash-sale cap: at most `value` units of one variant sold in this live room (or across
    all channels with `whole_shop`); `value` null removes the cap. Needs confirmation."""
    stream_id = runtime.context.stream_id
    scope = "*" if whole_shop or not stream_id else f"stream:{stream_id}"
    wording = "remove the flash cap" if value is None else f"cap flash sales at {value}"
    return await _propose(runtime, "flash_cap", value, f"{wording} of {{sku}} ({scope})",
                          product, link, colour, size, scope=scope)


@json_answer
async def _refuse(message: str) -> dict[str, Any]:
    raise InvalidInput(message, code="invalid_qty")


@json_answer
async def propose_transfer(runtime: ToolRuntime[OpsContext], qty: int, source: str, target: str,  # noqa: PLR0913
                           product: str | None = None, link: int | None = None, colour: str | None = None,
                           size: str | None = None, eta_hours: float = 24.0) -> dict[str, Any]:
    """Propose moving `qty` units of one variant from warehouse `source` to warehouse `target` (ids or names,
    e.g. "从上海仓调20件到广州仓"). On confirmation the units leave the source at once and arrive as incoming
    stock after `eta_hours`. Nothing moves until the ops user confirms the returned token."""
    svc = services(runtime)
    catalog = svc.catalog.catalog
    chosen = await _one_variant(runtime, product, link, colour, size)
    source_id, target_id = warehouse_id(catalog, source), warehouse_id(catalog, target)
    assert source_id and target_id  # both named (the signature requires them)
    variant = chosen.variants[0]
    eta_ms = int(svc.clock() + eta_hours * 3_600_000)
    # The ledger's proposal expires with the token: a stale one is refused however it is confirmed (the token,
    # or the transfer's own confirm route), not only through the ops console.
    expires_ms = svc.ops.proposals.expiry_ms()
    planned = (await svc.ledger.warehouses.propose_transfer(variant.sku, source_id, target_id, qty, eta_ms,
                                                            runtime.context.user, note="ops assistant",
                                                            expires_ms=expires_ms)).model_dump()
    proposal = await svc.ops.proposals.propose(
        runtime.context.user, "transfer", variant.sku, qty,
        summary=f"transfer {qty} of {variant.sku} from {source_id} to {target_id}",
        stream_id=runtime.context.stream_id, scope=f"transfer:{planned['transfer_id']}", expires_ms=expires_ms)
    stock = (await svc.ledger.read([variant.sku]))[variant.sku]
    figures = {f.warehouse: f.sellable for f in (await svc.ledger.warehouses.figures([variant.sku]))[variant.sku]}
    return {"proposal": proposal.public(svc.clock()), **names(chosen.product),
            "current": variant_row(svc, variant, stock), "transfer": planned,
            "source": {"warehouse": source_id, "name": warehouse_name(catalog, source_id), "sellable": figures.get(source_id, 0)},
            "target": {"warehouse": target_id, "name": warehouse_name(catalog, target_id), "sellable": figures.get(target_id, 0)},
            "applied": False, "confirm_with": f"POST /v1/ops/confirm {{\"token\": \"{proposal.token}\"}}"}


async def _one_variant(runtime: ToolRuntime[OpsContext], product: str | None, link: int | None,
                       colour: str | None, size: str | None) -> Any:
    chosen = await target(runtime, product, link, colour, size)
    if len(chosen.variants) != 1:
        options = ", ".join(v.sku for v in chosen.variants[:12])
        raise InvalidInput(f"a transfer moves one variant; say colour and size ({options})", code="needs_one_variant")
    return chosen


@json_answer
async def propose_pack(runtime: ToolRuntime[OpsContext], qty: int, product: str | None = None,
                       link: int | None = None, warehouse: str | None = None) -> dict[str, Any]:
    """Propose packing `qty` kits of a pre-packed bundle (礼盒, gift box, kit) from its components, e.g.
    "礼盒打包20套" / "pack 20 gift boxes at the Shanghai warehouse": on confirmation every component's stock goes
    down by its units per kit × qty and the bundle's own stock up by qty (refused if a component is short;
    safety stock is never used). `warehouse`: where (default: the bundle's first). Needs confirmation."""
    return await propose_kits(runtime, "pack", qty, product, link, warehouse)


@json_answer
async def propose_unpack(runtime: ToolRuntime[OpsContext], qty: int, product: str | None = None,
                         link: int | None = None, warehouse: str | None = None) -> dict[str, Any]:
    """Propose unpacking `qty` unsold kits of a pre-packed bundle back into its components ("拆开5套礼盒",
    "unpack 5 kits"): the bundle's stock goes down by qty, each component's up. Needs confirmation."""
    return await propose_kits(runtime, "unpack", qty, product, link, warehouse)
