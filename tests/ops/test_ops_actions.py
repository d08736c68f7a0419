"""Write actions are proposals: nothing changes until the same ops user confirms, and only once."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from tests.ops.ops_support import SECOND_OPS_KEY, TWO_OPS_KEYS, as_ops, identity


@pytest.fixture
def settings(redis_server, tmp_path):
    return Settings(redis_url=redis_server.url, data_dir=tmp_path / "data", api_keys=TWO_OPS_KEYS)


async def _stock(client, sku: str) -> dict:
    return (await client.get(f"/v1/skus/{sku}", headers=as_ops())).json()


async def _propose(client, question: str) -> dict:
    answer = (await client.post("/v1/ops/ask", json={"question": question}, headers=as_ops())).json()
    assert len(answer["proposals"]) == 1, answer
    return answer


async def test_restock_applies_only_when_the_proposer_confirms_and_only_once(loaded, app) -> None:
    before = await _stock(loaded, "HD-101-GRY-M")
    answer = await _propose(loaded, "把灰色M补货50件")
    token = answer["proposals"][0]["token"]
    assert token in answer["answer"] and "**50**" in answer["answer"]
    assert answer["tool_calls"] == [{"name": "propose_restock",
                                     "args": {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"}}]
    assert await _stock(loaded, "HD-101-GRY-M") == before  # a proposal changes nothing

    refused = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops(SECOND_OPS_KEY))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_your_proposal"
    assert await _stock(loaded, "HD-101-GRY-M") == before

    first = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    again = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert first.status_code == 200 and first.json()["already_confirmed"] is False
    assert again.status_code == 200 and again.json()["already_confirmed"] is True
    after = await _stock(loaded, "HD-101-GRY-M")
    assert after["sellable"] == before["sellable"] + 50 and after["counters"]["restocked"] == 50

    history = (await loaded.get("/v1/skus/HD-101-GRY-M/movements", headers=as_ops())).json()["movements"]
    restocks = [m for m in history if m["type"] == "restock"]
    assert len(restocks) == 1 and restocks[0]["actor"] == identity() and restocks[0]["qty"] == "50"


async def test_unknown_and_expired_tokens(loaded, clock) -> None:
    missing = await loaded.post("/v1/ops/confirm", json={"token": "no-such-token"}, headers=as_ops())
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "proposal_not_found"
    token = (await _propose(loaded, "面膜限购5盒"))["proposals"][0]["token"]
    clock.advance(601)  # ops_proposal_ttl_seconds defaults to 600
    expired = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert expired.status_code == 410 and expired.json()["error"]["code"] == "proposal_expired"
    detail = await _stock(loaded, "MK-601")
    assert detail["counters"].get("buyer_limit", 0) == 0


async def test_count_correction_is_compare_and_set(loaded) -> None:
    token = (await _propose(loaded, "连帽卫衣黑色L盘点实际只有100件"))["proposals"][0]["token"]
    order = {"order_id": "o-x", "channel": "douyin", "buyer_id": "b", "lines": [{"sku": "HD-101-BLK-L", "qty": 1}]}
    assert (await loaded.post("/v1/orders", json=order, headers=as_ops())).status_code == 201
    stale = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_count"
    assert (await _stock(loaded, "HD-101-BLK-L"))["stock"] == 119

    token = (await _propose(loaded, "连帽卫衣黑色L盘点实际只有100件"))["proposals"][0]["token"]
    applied = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert applied.status_code == 200, applied.text
    assert (await _stock(loaded, "HD-101-BLK-L"))["stock"] == 100


async def test_typed_confirmation_in_the_chat_and_policies(loaded) -> None:
    token = (await _propose(loaded, "2号链接白色M秒杀上限100件"))["proposals"][0]["token"]
    other = await loaded.post("/v1/ops/ask", json={"question": f"确认 {token}"}, headers=as_ops(SECOND_OPS_KEY))
    assert other.status_code == 403
    typed = await loaded.post("/v1/ops/ask", json={"question": f"确认 {token}"}, headers=as_ops())
    assert typed.status_code == 200 and "已确认" in typed.json()["answer"] and typed.json()["tool_calls"] == []
    assert (await _stock(loaded, "HD-102-WHT-M"))["flash_caps"] == {"stream:demo-live": 100}

    token = (await _propose(loaded, "set the safety stock of the lipstick #999 to 20"))["proposals"][0]["token"]
    assert (await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())).status_code == 200
    assert (await _stock(loaded, "LP-501-999"))["sellable"] == 300 - 20


async def test_actions_that_cannot_name_one_variant_ask_instead(loaded) -> None:
    for question in ("黑色L卫衣补货20件", "卫衣灰色M补货", "restock the hoodie by 10"):
        answer = (await loaded.post("/v1/ops/ask", json={"question": question}, headers=as_ops())).json()
        assert answer["proposals"] == [], question
        assert any(m in answer["answer"] for m in ("请说明", "colour and size", "对应多个商品", "要改成多少")), question
