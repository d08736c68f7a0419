"""The ops agent's kit proposals (issue 17): pack pre-packed bundles from their components, or unpack unsold kits.
Like every write tool they only PROPOSE; the same ops user confirms the token (tools.actions binds them)."""

from __future__ import annotations

from typing import Any, Literal

from langchain.tools import ToolRuntime

from assistant.errors import InvalidInput
from assistant.ops.context import OpsContext
from assistant.ops.stock_figures import names, variant_row
from tools._common import services, target
from tools.warehouses import warehouse_id, warehouse_name


async def propose_kits(runtime: ToolRuntime[OpsContext], action: Literal["pack", "unpack"], qty: int,
                       product: str | None, link: int | None, warehouse: str | None) -> dict[str, Any]:
    if qty <= 0:
        raise InvalidInput(f"qty: kits to {action}, at least one", code="invalid_qty")
    svc = services(runtime)
    catalog = svc.catalog.catalog
    chosen = await target(runtime, product, link, None, None)
    kits = [v for v in chosen.variants if v.prepacked and v.components]
    if len(kits) != 1:
        raise InvalidInput(f"{chosen.product.display_name_zh} has no (or more than one) pre-packed bundle to {action}",
                           code="not_prepacked")
    kit = kits[0]
    where = warehouse_id(catalog, warehouse)
    parts = [(c.sku, c.qty) for c in kit.components]
    stocks = await svc.ledger.read([kit.sku, *(sku for sku, _ in parts)])
    loose = {sku: (stock.sellable if (stock := stocks.get(sku)) else 0) for sku, _ in parts}
    components = [{"sku": sku, "per_kit": per, "units": per * qty, "sellable": loose[sku]} for sku, per in parts]
    kit_stock = stocks.get(kit.sku)
    # what the ledger would allow now (over every warehouse; packing at one warehouse may allow fewer)
    most = (min(loose[sku] // per for sku, per in parts) if action == "pack"
            else (kit_stock.sellable if kit_stock else 0))
    at = f" at {where}" if where else ""
    proposal = await svc.ops.proposals.propose(
        runtime.context.user, action, kit.sku, qty, summary=f"{action} {qty} kits of {kit.sku}{at}",
        stream_id=runtime.context.stream_id, scope=f"warehouse:{where}" if where else "")
    return {"proposal": proposal.public(svc.clock()), **names(chosen.product),
            "current": variant_row(svc, kit, kit_stock),
            "kits": {"action": action, "qty": qty, "warehouse": where,
                     "warehouse_name": warehouse_name(catalog, where) if where else None,
                     "components": components, "most": most},
            "applied": False, "confirm_with": f"POST /v1/ops/confirm {{\"token\": \"{proposal.token}\"}}"}
