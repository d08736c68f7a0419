"""`bench ledger`'s bundle and multi-warehouse phases (issue 17), against the same run's single-SKU phase.

A bundle order (1 × A + 2 × C, expanded to two component lines in one script) and an order for a SKU stocked in
three warehouses (allocated by priority and the buyer's region inside the script) go through the same
single-request path as the plain phase, so their ratios to it are the cost of the shape, measured in one run.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

from rich.progress import Progress

from assistant.catalog.locations import Region, Warehouse
from assistant.ledger.layout import StockLayout
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger

UNLIMITED = 10**12
WAREHOUSES = (Warehouse(id="W-EAST", region="east", priority=1), Warehouse(id="W-SOUTH", region="south", priority=1),
              Warehouse(id="W-HK", region="hk", serves=["hk"], priority=5))


async def stock_shapes(ledger: Ledger, run_id: str, orders: int, tasks: int, progress: Progress,
                       single_per_s: float) -> dict[str, Any]:
    a, c, bundle, stocked = (f"BENCH-{run_id}-{x}" for x in ("A", "C", "SET", "WH"))
    ledger.layout = StockLayout(WAREHOUSES, {"south": Region(id="south", near=["east"])},
                                bundles={bundle: ((a, 1), (c, 2))}, bundle_products={bundle: "bench-set"})
    try:
        await ledger.upsert_skus([(a, "bench", UNLIMITED, 0), (c, "bench", UNLIMITED, 0),
                                  (stocked, "bench", 3 * UNLIMITED, 0)], "bench", reset=True)
        await ledger.warehouses.load([(stocked, [{"warehouse": w.id, "on_hand": UNLIMITED, "safety": 0}
                                                 for w in WAREHOUSES])], "bench", secrets.token_hex(4))
        figures = {
            "bundle": await _phase(ledger, f"{run_id}-set", bundle, 1, "south", orders, tasks, progress,
                                   "bundle orders (2 component lines)"),
            "multi_warehouse": await _phase(ledger, f"{run_id}-wh", stocked, 1, "south", orders, tasks, progress,
                                            "orders over 3 warehouses"),
        }
        used = await ledger.read([a, c, stocked])
        sold = {sku: s.sold if s else 0 for sku, s in used.items()}
        figures["bundle"]["components_sold"] = {"A": sold[a], "C": sold[c]}
        figures["bundle"]["components_exact"] = sold[a] == figures["bundle"]["accepted"] and sold[c] == 2 * sold[a]
        figures["multi_warehouse"]["sold_exact"] = sold[stocked] == figures["multi_warehouse"]["accepted"]
        for figure in figures.values():
            figure["ratio_vs_single"] = round(figure["orders_per_s"] / single_per_s, 3) if single_per_s else None
        return figures
    finally:
        ledger.layout = StockLayout()
        blocks = await ledger.placement.blocks([a, c, stocked])
        await ledger.redis.unlink(*(k for block in blocks.values() for k in block))


async def _phase(ledger: Ledger, prefix: str, sku: str, qty: int, region: str, count: int, tasks: int,
                 progress: Progress, label: str) -> dict[str, Any]:
    requests = [OrderRequest(order_id=f"bench-{prefix}-{n}", channel="douyin", buyer_id="bench-buyer", region=region,
                             lines=[OrderLine(sku=sku, qty=qty)]) for n in range(count)]
    task = progress.add_task(label, total=count)
    queue, accepted = iter(requests), 0

    async def buyer() -> None:
        nonlocal accepted
        for order in queue:
            await ledger.place_order(order, "bench")
            accepted += 1
            if accepted % 500 == 0:
                progress.update(task, completed=accepted)

    started = time.perf_counter()
    await asyncio.gather(*(buyer() for _ in range(tasks)))
    elapsed = time.perf_counter() - started
    progress.update(task, completed=count)
    return {"orders": count, "seconds": round(elapsed, 3), "orders_per_s": round(count / elapsed), "accepted": accepted}
