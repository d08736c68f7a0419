"""Ops questions about warehouses, transfers and bundles, asked in Chinese and English through /v1/ops/ask."""

from __future__ import annotations

import pytest

from tests.conftest import auth
from tests.ledger.warehouse_setup import REGIONS, WAREHOUSES

SHOP = {"warehouses": WAREHOUSES, "regions": REGIONS, "products": [
    {"id": "TEE", "name": {"zh": "纯棉T恤", "en": "Cotton tee"}, "aliases": ["T恤"], "variants": [
        {"sku": "TEE-BLK-L", "colour": "black", "size": "L",
         "stock": [{"warehouse": "SH", "on_hand": 40, "safety_stock": 2}, {"warehouse": "GZ", "on_hand": 5}]},
        {"sku": "TEE-WHT-M", "colour": "white", "size": "M", "stock": [{"warehouse": "SH", "on_hand": 9}]}]},
    {"id": "SOCK", "name": {"zh": "中筒袜", "en": "Socks"}, "variants": [
        {"sku": "SOCK-1", "stock": [{"warehouse": "SH", "on_hand": 6}, {"warehouse": "GZ", "on_hand": 1}]}]},
    {"id": "SET", "name": {"zh": "夏日礼盒套装", "en": "Summer gift set"}, "aliases": ["套装", "礼盒"], "variants": [
        {"sku": "SET-1", "components": [{"sku": "TEE-BLK-L", "qty": 1}, {"sku": "SOCK-1", "qty": 2}]}]},
]}


@pytest.fixture
async def shop(client):
    assert (await client.put("/v1/catalog", json=SHOP, headers=auth("admin"))).status_code == 200
    return client


async def ask(client, question: str) -> dict:
    answer = await client.post("/v1/ops/ask", json={"question": question}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_stock_in_one_warehouse(shop) -> None:
    answer = await ask(shop, "广州仓还有多少黑色L")
    assert answer["tool_calls"] == [{"name": "warehouse_stock", "args": {
        "product": "TEE", "colour": "black", "size": "L", "warehouse": "GZ"}}]
    assert "**5**" in answer["answer"] and "广州仓" in answer["answer"] and "**38**" not in answer["answer"]


async def test_stock_by_warehouse_in_english(shop) -> None:
    answer = await ask(shop, "how many black L tees are left in each warehouse")
    assert answer["tool_calls"][0]["name"] == "warehouse_stock"
    assert "**38**" in answer["answer"] and "**5**" in answer["answer"]


async def test_a_transfer_is_proposed_and_moves_only_when_confirmed(shop) -> None:
    answer = await ask(shop, "从上海仓调20件黑色L到广州仓")
    assert answer["tool_calls"] == [{"name": "propose_transfer", "args": {
        "qty": 20, "source": "SH", "target": "GZ", "product": "TEE", "colour": "black", "size": "L"}}]
    token = answer["proposals"][0]["token"]
    assert token in answer["answer"] and "**20**" in answer["answer"]
    before = (await shop.get("/v1/products/TEE/warehouses", headers=auth("ops"))).json()
    assert before["variants"][0]["warehouses"][0]["sellable"] == 38  # proposed: nothing moved
    confirmed = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert confirmed.status_code == 200, confirmed.text
    after = (await shop.get("/v1/products/TEE/warehouses", headers=auth("ops"))).json()
    sh, gz = after["variants"][0]["warehouses"][:2]
    assert (sh["sellable"], gz["sellable"], gz["incoming"]) == (18, 5, 20)
    again = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert again.json()["already_confirmed"] is True
    assert (await shop.get("/v1/transfers?status=in_transit", headers=auth("ops"))).json()["transfers"][0]["qty"] == 20


async def test_an_assistants_transfer_proposal_confirmed_an_hour_later_is_refused(shop, clock) -> None:
    answer = await ask(shop, "从上海仓调20件黑色L到广州仓")
    token = answer["proposals"][0]["token"]
    transfer_id = answer["proposals"][0]["scope"].removeprefix("transfer:")
    clock.advance(3600)  # ops_proposal_ttl_seconds defaults to 600
    late = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert (late.status_code, late.json()["error"]["code"]) == (410, "proposal_expired")
    # the ledger's proposal expired with the token: its own confirm route refuses it too, moving nothing
    direct = await shop.post(f"/v1/skus/TEE-BLK-L/transfers/{transfer_id}/confirm", headers=auth("ops"))
    assert (direct.status_code, direct.json()["error"]["code"]) == (409, "transfer_expired")
    assert "expired" in direct.json()["error"]["message"]
    after = (await shop.get("/v1/products/TEE/warehouses", headers=auth("ops"))).json()
    assert [(w["sellable"], w["incoming"]) for w in after["variants"][0]["warehouses"][:2]] == [(38, 0), (5, 0)]
    listed = (await shop.get("/v1/transfers?status=expired", headers=auth("ops"))).json()["transfers"]
    assert [t["transfer_id"] for t in listed] == [transfer_id]
    assert (await shop.get("/v1/transfers?status=proposed", headers=auth("ops"))).json()["transfers"] == []


async def test_a_transfer_without_both_warehouses_asks_for_them(shop) -> None:
    answer = await ask(shop, "黑色L调货20件")
    assert answer["tool_calls"] == [] and "从哪个仓" in answer["answer"]


async def test_a_bundle_question_answers_the_bundle_and_its_components(shop) -> None:
    answer = await ask(shop, "套装还有吗")
    assert [c["name"] for c in answer["tool_calls"]] == ["stock_of", "bundle_stock"]
    # socks: 7 sellable allow 3 sets; black L tees (38 + 5) allow 43: the socks limit it
    assert "**3**" in answer["answer"] and "SOCK-1" in answer["answer"]


async def test_the_post_live_report_has_books_per_warehouse_transfers_and_bundles(shop) -> None:
    lineup = {"items": [{"link_no": 1, "product_id": "TEE"}, {"link_no": 2, "product_id": "SET"},
                        {"link_no": 3, "product_id": "SOCK"}]}
    assert (await shop.put("/v1/streams/live/lineup", json=lineup, headers=auth("host"))).status_code == 200
    orders = [("o1", "south", [("TEE-BLK-L", 7)]), ("o2", "east", [("SET-1", 2)]), ("o3", "south", [("SET-1", 1)])]
    for order_id, region, lines in orders:
        body = {"order_id": order_id, "channel": "douyin", "buyer_id": order_id, "stream_id": "live", "region": region,
                "lines": [{"sku": s, "qty": q} for s, q in lines]}
        assert (await shop.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201
    assert (await shop.post("/v1/orders/o3/cancel", headers=auth("integration"))).status_code == 200
    moved = await shop.post("/v1/skus/TEE-BLK-L/transfers", headers=auth("ops"),
                            json={"from": "SH", "to": "GZ", "qty": 10, "eta_hours": 12, "transfer_id": "t1"})
    assert moved.status_code == 201
    await shop.post("/v1/skus/TEE-BLK-L/transfers/t1/confirm", headers=auth("ops"))
    await shop.post("/v1/skus/TEE-BLK-L/warehouses/GZ/stock", headers=auth("ops"), json={"action": "restock", "qty": 3})
    report = (await shop.get("/v1/streams/live/report", headers=auth("ops"))).json()
    assert report["reconciliation"]["ok"], report["reconciliation"]
    where = report["stock_locations"]
    assert where["reconciliation"]["ok"], where["reconciliation"]
    rows = {(r["sku"], r["warehouse"]): r for r in where["skus"]}
    # o1: 7 black L to the south -> SH ships (GZ's 5 cannot), o2: 2 sets to the east -> SH
    assert (rows[("TEE-BLK-L", "SH")]["sold"], rows[("TEE-BLK-L", "SH")]["transferred"]) == (9, -10)
    assert (rows[("TEE-BLK-L", "GZ")]["stock_ledger"], rows[("TEE-BLK-L", "GZ")]["incoming"]) == (8, 10)
    assert [(t["transfer_id"], t["status"]) for t in where["transfers"]] == [("t1", "in_transit")]
    assert where["transfers_in_transit"] == 10
    assert {b["sku"]: b["sold"] for b in where["bundles"]} == {"SET-1": 2}  # o3's set was cancelled
    assert "SET-1" not in {s["sku"] for s in report["skus"]}  # an assembled bundle has no books of its own
    page = await shop.get("/v1/streams/live/report?format=html", headers=auth("ops"))
    assert 'data-testid="transfers"' in page.text and 'data-testid="bundles"' in page.text
