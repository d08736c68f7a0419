"""A SKU with one of each ledger record a write verb can act on: an order, a hold and an incoming shipment."""

from __future__ import annotations

from typing import Any

from tests.conftest import auth


async def with_order_hold_and_shipment(client: Any, sku: str) -> Any:
    """o-1 (2 units), h-1 (1 unit) and ship-1 (9 units due) on `sku`, for cancel, release, confirm and receive."""
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": sku, "qty": 2}]}
    assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
    hold = {"hold_id": "h-1", "channel": "douyin", "buyer_id": "b2", "lines": [{"sku": sku, "qty": 1}]}
    assert (await client.post("/v1/holds", json=hold, headers=auth("integration"))).status_code == 201
    shipment = {"shipment_id": "ship-1", "qty": 9, "eta_ms": 1_900_000_000_000}
    assert (await client.post(f"/v1/skus/{sku}/incoming", json=shipment, headers=auth("ops"))).status_code == 200
    return client
