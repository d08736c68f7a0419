"""Ops ask the assistant to pack or unpack kits of a pre-packed bundle: a proposal, applied once confirmed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import auth
from tests.ledger.test_ledger_kits import KIT_SHOP


@pytest.fixture
async def shop(client):
    assert (await client.put("/v1/catalog", json=KIT_SHOP, headers=auth("admin"))).status_code == 200
    return client


async def ask(client: Any, question: str) -> dict:
    answer = await client.post("/v1/ops/ask", json={"question": question}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def per_warehouse(client: Any, product: str) -> dict[str, int]:
    body = (await client.get(f"/v1/products/{product}/warehouses", headers=auth("ops"))).json()
    return {w["warehouse"]: w["sellable"] for w in body["variants"][0]["warehouses"]}


async def test_packing_kits_is_proposed_then_applied_once_confirmed(shop) -> None:
    answer = await ask(shop, "礼盒打包3套")
    assert answer["tool_calls"] == [{"name": "propose_pack", "args": {"qty": 3, "product": "KIT"}}]
    token = answer["proposals"][0]["token"]
    assert token in answer["answer"] and "**3**" in answer["answer"] and "**9**" in answer["answer"]  # 18 samples / 2
    assert await per_warehouse(shop, "KIT") == {"SH": 1}  # proposed: nothing moved
    confirmed = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["result"]["sellable"] == 4
    assert (await per_warehouse(shop, "KIT"), await per_warehouse(shop, "SM")) == ({"SH": 4}, {"SH": 4, "GZ": 8})
    again = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert again.json()["already_confirmed"] is True and await per_warehouse(shop, "KIT") == {"SH": 4}


async def test_kits_at_a_named_warehouse_and_unpacking_them(shop) -> None:
    answer = await ask(shop, "在广州仓打包2套礼盒")
    assert answer["tool_calls"] == [{"name": "propose_pack", "args": {"qty": 2, "product": "KIT", "warehouse": "GZ"}}]
    token = answer["proposals"][0]["token"]
    assert (await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))).status_code == 200
    assert await per_warehouse(shop, "CL") == {"SH": 10, "GZ": 1}
    unpack = await ask(shop, "拆开2套礼盒")
    assert unpack["tool_calls"] == [{"name": "propose_unpack", "args": {"qty": 2, "product": "KIT"}}]
    refused = await shop.post("/v1/ops/confirm", json={"token": unpack["proposals"][0]["token"]}, headers=auth("ops"))
    # naming no warehouse unpacks at the kit's first (SH), which holds 1 kit: refused, nothing moved
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "insufficient_stock")
    assert await per_warehouse(shop, "KIT") == {"SH": 1, "GZ": 2}


async def test_a_stale_kit_proposal_is_refused(shop, clock) -> None:
    token = (await ask(shop, "礼盒打包1套"))["proposals"][0]["token"]
    clock.advance(3600)
    late = await shop.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert (late.status_code, late.json()["error"]["code"]) == (410, "proposal_expired")
    assert await per_warehouse(shop, "KIT") == {"SH": 1}
