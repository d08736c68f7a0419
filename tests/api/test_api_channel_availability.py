"""What one sales channel (or live room) may sell: the warehouses it may draw from, less what other channels'
allocations keep back; the figure an order from that channel is checked against (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import auth
from tests.ledger.warehouse_setup import catalog

STOCK = {"TEE-1": [("SH", 10, 2), ("GZ", 5, 0), ("HK", 6, 0)], "SOCK-1": [("SH", 20, 0)]}
CHANNELS = {"SH": ["douyin", "taobao"], "GZ": ["douyin", "taobao"], "HK": ["kuajing"]}  # HK: the cross-border room


@pytest.fixture
async def shop(client):
    body = catalog(**STOCK)
    body["warehouses"] = [{**w, "channels": CHANNELS[w["id"]]} for w in body["warehouses"]]
    answer = await client.put("/v1/catalog", json=body, headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    return client


async def sellable(client: Any, query: str, sku: str = "TEE-1", product: str = "TEE") -> int:
    answer = await client.get(f"/v1/products/{product}/availability{query}", headers=auth("host"))
    assert answer.status_code == 200, answer.text
    return next(v["sellable"] for v in answer.json()["variants"] if v["sku"] == sku)


async def order(client: Any, order_id: str, channel: str, qty: int) -> int:
    body = {"order_id": order_id, "channel": channel, "buyer_id": order_id, "lines": [{"sku": "TEE-1", "qty": qty}]}
    return (await client.post("/v1/orders", json=body, headers=auth("integration"))).status_code


async def test_a_channel_is_told_only_what_its_warehouses_hold_and_that_is_what_it_can_buy(shop) -> None:
    assert await sellable(shop, "") == 19  # every warehouse: 8 + 5 + 6
    assert (await sellable(shop, "?channel=douyin"), await sellable(shop, "?channel=kuajing")) == (13, 6)
    assert await order(shop, "too-many", "kuajing", 7) == 409  # the figure it was told is the most it gets
    assert await order(shop, "all-hk", "kuajing", 6) == 201
    assert (await sellable(shop, "?channel=kuajing"), await sellable(shop, "?channel=douyin")) == (0, 13)
    answer = await shop.get("/v1/products/TEE/availability?channel=kuajing", headers=auth("host"))
    assert answer.json()["channel"] == "kuajing" and answer.json()["variants"][0]["status"] == "sold_out"


async def test_another_channels_allocation_is_not_sellable_to_this_one(shop) -> None:
    policy = {"policy": "allocation", "scope": "taobao", "value": 10}
    set_ = await shop.put("/v1/skus/TEE-1/policy", json=policy, headers=auth("ops"))
    assert set_.status_code == 200, set_.text
    # douyin: 19 in the pool less taobao's 10 (its warehouses reach 13); taobao: its own 10
    assert (await sellable(shop, "?channel=douyin"), await sellable(shop, "?channel=taobao")) == (9, 10)
    assert await order(shop, "d-10", "douyin", 10) == 409 and await order(shop, "d-9", "douyin", 9) == 201
    assert await sellable(shop, "?channel=douyin") == 0


async def test_a_channel_and_a_region_together_and_a_bundle_by_channel(shop) -> None:
    # a douyin buyer in hk: no douyin warehouse serves hk; a set sold on kuajing: HK stocks no socks
    assert await sellable(shop, "?channel=douyin&region=hk") == 0
    assert await sellable(shop, "?channel=kuajing", "SET-1", "SET") == 0
    assert await sellable(shop, "?channel=douyin", "SET-1", "SET") == 10  # 20 socks, 13 tees
    per = (await shop.get("/v1/products/TEE/warehouses?channel=kuajing", headers=auth("ops"))).json()["variants"][0]
    assert (per["channel"], per["sellable"], per["region_sellable"]) == ("kuajing", 19, 6)


async def test_a_room_selling_through_one_channel_tells_viewers_that_channels_stock(shop) -> None:
    for room, channel in (("cross", "kuajing"), ("main", None)):
        lineup = {"items": [{"link_no": 1, "product_id": "TEE"}], **({"channel": channel} if channel else {})}
        put = await shop.put(f"/v1/streams/{room}/lineup", json=lineup, headers=auth("host"))
        assert put.status_code == 200 and put.json()["channel"] == channel, put.text
    await order(shop, "hk-5", "kuajing", 5)
    facts = {}
    for room in ("cross", "main"):
        comment = {"comments": [{"id": f"c-{room}", "user_id": "v1", "text": "1号链接还有吗"}]}
        answer = await shop.post(f"/v1/streams/{room}/comments", json=comment, headers=auth("integration"))
        result = answer.json()["results"][0]
        facts[room] = {f["sku"]: f["sellable"] for f in result["facts"]}
    # the cross-border room sells from HK only (1 tee left there, no socks); the other room from every warehouse
    assert facts == {"cross": {"TEE-1": 1}, "main": {"TEE-1": 14, "SOCK-1": 20}}
    await shop.put("/v1/streams/cross/focus", json={"product_id": "TEE"}, headers=auth("host"))
    screen = (await shop.get("/v1/streams/cross/on-screen", headers=auth("host"))).json()
    assert screen["channel"] == "kuajing"
    assert {v["sku"]: v["sellable"] for v in screen["variants"]} == {"TEE-1": 1, "SOCK-1": 0}
