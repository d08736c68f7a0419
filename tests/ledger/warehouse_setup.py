"""A catalog with three warehouses, regions and a bundle, loaded into a real Redis through the catalog service."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from assistant.catalog.service import CatalogService
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock

WAREHOUSES = [
    {"id": "SH", "name": {"zh": "上海仓"}, "region": "east", "serves": ["east", "south", "north"], "lead_hours": 24,
     "priority": 1},
    {"id": "GZ", "name": {"zh": "广州仓"}, "region": "south", "serves": ["south", "east"], "lead_hours": 12,
     "priority": 1},
    {"id": "HK", "name": {"zh": "香港海外仓"}, "region": "hk", "serves": ["hk", "overseas"], "priority": 5,
     "split": False},
]
REGIONS = [{"id": "east", "near": ["south"]}, {"id": "south", "near": ["east", "hk"]}, {"id": "hk"},
           {"id": "north", "near": ["east"]}]


def catalog(**stock: list[tuple[str, int, int]]) -> dict[str, Any]:
    """stock: SKU -> [(warehouse, on_hand, safety)]; plus the bundle SET = 1 × TEE + 2 × SOCK."""
    variants = [{"sku": sku, "stock": [{"warehouse": w, "on_hand": n, "safety_stock": s} for w, n, s in rows]}
                for sku, rows in stock.items()]
    return {"warehouses": WAREHOUSES, "regions": REGIONS, "products": [
        {"id": "TEE", "name": {"zh": "T恤"}, "variants": variants},
        {"id": "SET", "name": {"zh": "套装"}, "variants": [
            {"sku": "SET-1", "components": [{"sku": "TEE-1", "qty": 1}, {"sku": "SOCK-1", "qty": 2}]}]},
    ]}


async def load(redis: Redis, clock: ManualClock, **stock: list[tuple[str, int, int]]) -> Ledger:
    ledger = Ledger(redis, clock=clock)
    await CatalogService(redis, ledger).load(catalog(**stock), actor="ops", reset_stock=True)
    return ledger


def order(order_id: str, *lines: tuple[str, int], region: str | None = None, buyer: str = "ana",
          channel: str = "douyin") -> OrderRequest:
    return OrderRequest(order_id=order_id, channel=channel, buyer_id=buyer, region=region,
                        lines=[OrderLine(sku=sku, qty=qty) for sku, qty in lines])


def hold(hold_id: str, sku: str, qty: int, region: str | None = None, ttl: int = 60) -> HoldRequest:
    return HoldRequest(hold_id=hold_id, channel="douyin", buyer_id="ana", region=region, ttl_seconds=ttl,
                       lines=[OrderLine(sku=sku, qty=qty)])


async def by_warehouse(ledger: Ledger, sku: str) -> dict[str, tuple[int, int]]:
    """warehouse -> (sellable, incoming)"""
    figures = (await ledger.warehouses.figures([sku]))[sku]
    return {f.warehouse: (f.sellable, f.incoming) for f in figures}
