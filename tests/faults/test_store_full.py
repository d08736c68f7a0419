"""Redis at its maxmemory (noeviction): writes answer 503 store_full, reads and comment answers keep working, and
the side effects Redis refused are counted in /healthz."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from tests.conftest import auth
from tests.faults.conftest import fill_up

SKU = "HD-101-BLK-L"
COMMENTS = "/v1/streams/demo-live/comments"


@pytest.fixture
async def full(loaded, redis: Redis):
    """The sample catalog loaded and a product in focus, then Redis capped below what it already uses."""
    assert (await loaded.put("/v1/streams/demo-live/focus", json={"product_id": "HD-101"},
                             headers=auth("host"))).status_code == 200
    await fill_up(redis)
    try:
        yield loaded
    finally:
        await redis.config_set("maxmemory", "0")


async def test_writes_answer_503_store_full_while_reads_keep_answering(full, redis: Redis) -> None:
    before = (await full.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()
    for method, path, body in [("POST", f"/v1/skus/{SKU}/restock", {"qty": 5}),
                               ("POST", "/v1/orders", {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1",
                                                       "lines": [{"sku": SKU, "qty": 1}]})]:
        answer = await full.request(method, path, json=body, headers=auth("ops"))
        assert answer.status_code == 503 and answer.json()["error"]["code"] == "store_full", answer.text
        assert int(answer.headers["Retry-After"]) > 0
    availability = await full.get("/v1/products/HD-101/availability", headers=auth("host"))
    assert availability.status_code == 200
    assert next(v for v in availability.json()["variants"] if v["sku"] == SKU)["sellable"] == before["sellable"]
    assert (await full.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()["counters"] == before["counters"]

    await redis.config_set("maxmemory", "0")
    assert (await full.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))).status_code == 200


async def test_comments_are_still_answered_from_current_stock_and_lost_demand_events_are_counted(full) -> None:
    batch = {"comments": [{"id": "c1", "user_id": "u1", "user_name": "小美", "text": "黑色L码还有吗"},
                          {"id": "c2", "user_id": "u2", "user_name": "Jo", "text": "HD-101灰色M有货吗"}]}
    answer = await full.post(COMMENTS, json=batch, headers=auth("integration"))
    assert answer.status_code == 200, answer.text
    first = answer.json()["results"][0]
    assert first["action"] == "reply" and first["reply"] and first["facts"][0]["sku"] == SKU
    sellable = (await full.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()["sellable"]
    assert first["facts"][0]["sellable"] == sellable

    health = await full.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    assert health.json()["lost_side_effects"]["demand events"] == 2
    assert health.json()["memory"]["headroom"] == 0
