"""The gift-set catalog and ledger the bundle and kit tests share."""

from __future__ import annotations

from redis.asyncio import Redis

from assistant.catalog.models import Catalog
from assistant.ledger.layout import StockLayout
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock

CATALOG = {
    "products": [
        {"id": "CL", "name": {"zh": "洁面乳"}, "variants": [{"sku": "CL-1", "on_hand": 10, "safety_stock": 1}]},
        {"id": "SM", "name": {"zh": "小样"}, "variants": [{"sku": "SM-1", "on_hand": 7}]},
        {"id": "GIFT", "name": {"zh": "礼盒套装"}, "variants": [
            {"sku": "GIFT-1", "components": [{"sku": "CL-1", "qty": 1}, {"sku": "SM-1", "qty": 2}]},
            {"sku": "GIFT-PACK", "on_hand": 4, "prepacked": True,
             "components": [{"sku": "CL-1", "qty": 1}, {"sku": "SM-1", "qty": 1}]}]},
    ]
}


def order(order_id: str, *lines: tuple[str, int], buyer: str = "ana") -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id=buyer,
                        lines=[OrderLine(sku=sku, qty=qty) for sku, qty in lines])


async def gift_set_ledger(redis: Redis, clock: ManualClock) -> Ledger:
    """GIFT-PACK: 4 kits of 1 × CL-1 + 1 × SM-1; CL-1 10 (safety 1), SM-1 7; GIFT-1 = 1 × CL-1 + 2 × SM-1."""
    catalog = Catalog.model_validate(CATALOG)
    ledger = Ledger(redis, clock=clock)
    ledger.layout = StockLayout.of(catalog)
    rows = [(v.sku, p.id, v.on_hand, v.safety_stock) for p in catalog.products for v in p.variants
            if not v.is_virtual_bundle]
    await ledger.upsert_skus(rows, "ops", reset=True)
    return ledger


async def sellable(ledger: Ledger, *skus: str) -> tuple[int, ...]:
    stocks = await ledger.read(list(skus))
    return tuple(s.sellable if s else -1 for s in stocks.values())
