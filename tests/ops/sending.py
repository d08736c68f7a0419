"""Plays one scripted event through the HTTP API: what the ops scenario and the showcase scenario share.

Shapes of `data` by kind: sale/refused (order_id, channel, room, sku, qty), cancel order_id, restock (sku, qty),
correct (sku, stock), hold (hold_id, room, sku, qty, ttl_s), policy (sku, policy, value, scope),
incoming (sku, shipment_id, qty, eta_minute).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import auth


async def send(client: Any, kind: str, data: Any, start: float) -> Any:
    """One scripted event through the HTTP API; `start` (ms) is the session's minute 0, for ETAs."""
    if kind in ("sale", "refused"):
        order_id, channel, room, sku, qty = data
        body = {"order_id": order_id, "channel": channel, "buyer_id": f"b-{order_id}", "stream_id": room,
                "lines": [{"sku": sku, "qty": qty}]}
        return await client.post("/v1/orders", json=body, headers=auth("integration"))
    if kind == "cancel":
        return await client.post(f"/v1/orders/{data}/cancel", headers=auth("integration"))
    if kind == "restock":
        sku, qty = data
        return await client.post(f"/v1/skus/{sku}/restock", json={"qty": qty}, headers=auth("ops"))
    if kind == "correct":
        sku, stock = data
        return await client.post(f"/v1/skus/{sku}/count", json={"stock": stock}, headers=auth("ops"))
    if kind == "hold":
        hold_id, room, sku, qty, ttl = data
        body = {"hold_id": hold_id, "channel": "douyin", "buyer_id": "b-hold", "stream_id": room,
                "lines": [{"sku": sku, "qty": qty}], "ttl_seconds": ttl}
        return await client.post("/v1/holds", json=body, headers=auth("integration"))
    if kind == "policy":
        sku, policy, value, scope = data
        return await client.put(f"/v1/skus/{sku}/policy", json={"policy": policy, "value": value, "scope": scope},
                                headers=auth("ops"))
    sku, shipment, qty, eta_minute = data
    body = {"shipment_id": shipment, "qty": qty, "eta_ms": int(start + eta_minute * 60_000)}
    return await client.post(f"/v1/skus/{sku}/incoming", json=body, headers=auth("ops"))
