"""Redis full (noeviction) beyond the ledger: every other write answers 503 store_full or its honest degraded
answer — never a 500 — and what a full Redis could not keep is counted in /healthz."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from tests.conftest import auth
from tests.faults.conftest import fill_up
from tests.waitlist.support import BLACK_L, comment, focus, sell_out

STREAM = "demo-live"


@pytest.fixture
async def full(loaded, redis: Redis):
    """A sold-out variant in focus and a restock proposal waiting for its confirmation, then Redis capped."""
    await focus(loaded)
    await sell_out(loaded)
    proposal = await loaded.post("/v1/board/proposals", json={"action": "restock", "sku": BLACK_L, "value": 5},
                                 headers=auth("ops"))
    assert proposal.status_code == 201, proposal.text
    await fill_up(redis)
    try:
        yield loaded, proposal.json()["proposal"]["token"]
    finally:
        await redis.config_set("maxmemory", "0")


WRITES = [
    ("PUT", f"/v1/streams/{STREAM}/alert-settings", "host", {"trend_ratio": 3.0}),
    ("PUT", f"/v1/streams/{STREAM}/waitlist-settings", "ops", {"hold_minutes": 10}),
    ("PUT", "/v1/webhooks/ops-robot", "ops", {"url": "https://hooks.example.test/x"}),
    ("PUT", f"/v1/streams/{STREAM}/lineup", "host", {"items": [{"link_no": 1, "product_id": "HD-101"}]}),
    ("PUT", f"/v1/streams/{STREAM}/focus", "host", {"product_id": "HD-102"}),
    ("POST", "/v1/board/proposals", "ops", {"action": "restock", "sku": BLACK_L, "value": 7}),
    ("POST", "/v1/holds", "integration", {"hold_id": "h-1", "channel": "live", "buyer_id": "b9",
                                          "lines": [{"sku": "HD-101-GRY-M", "qty": 1}]}),
]


@pytest.mark.parametrize("method, path, role, body", WRITES, ids=[w[1].rsplit("/", 1)[-1] for w in WRITES])
async def test_a_write_answers_503_store_full_and_applies_nothing(full, method, path, role, body) -> None:
    client, _ = full
    answer = await client.request(method, path, json=body, headers=auth(role))
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "store_full" and int(answer.headers["Retry-After"]) > 0


async def test_a_confirmation_is_refused_whole_and_can_be_sent_again_later(full, redis: Redis) -> None:
    client, token = full
    before = (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()["counters"]
    refused = await client.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "store_full", refused.text
    assert (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()["counters"] == before
    await redis.config_set("maxmemory", "0")
    applied = await client.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))
    assert applied.status_code == 200, applied.text
    after = (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()["counters"]
    assert after["on_hand"] == before["on_hand"] + 5


async def test_an_ops_question_is_answered_from_reads_and_says_it_was_not_remembered(full) -> None:
    client, _ = full
    stock = (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()
    answer = await client.post("/v1/ops/ask", json={"question": "HD-101 黑色L还有多少"}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["remembered"] is False and str(stock["sellable"]) in body["answer"]
    follow_up = await client.post("/v1/ops/ask", json={"question": "那灰色M呢", "conversation_id": body["conversation_id"]},
                                  headers=auth("ops"))
    assert follow_up.status_code == 200 and follow_up.json()["remembered"] is False
    health = (await client.get("/healthz")).json()
    assert health["lost_side_effects"]["conversation turns"] == 2


async def test_an_ops_change_asked_for_while_full_is_not_claimed(full) -> None:
    client, _ = full
    answer = await client.post("/v1/ops/ask", json={"question": "HD-101 黑色L 补货 5 件"}, headers=auth("ops"))
    if answer.status_code == 503:  # the proposal could not be kept: refused, nothing claimed
        assert answer.json()["error"]["code"] == "store_full"
    else:
        assert answer.status_code == 200, answer.text
        assert answer.json()["proposals"] == [], "no proposal can be kept while Redis is full"


async def test_a_waitlist_ask_is_answered_without_claiming_a_join_it_could_not_keep(full) -> None:
    client, _ = full
    answer = await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "蹲一个黑色L"))
    for result in answer["results"]:
        assert "waitlist" not in result and "到货提醒" not in (result["reply"] or ""), result
    health = (await client.get("/healthz"))
    assert health.status_code == 503
    assert health.json()["lost_side_effects"]["waitlist changes (batches)"] == 1


async def test_a_worker_still_reads_and_follows_the_catalog_while_redis_is_full(full, app) -> None:
    catalog = app.state.services.catalog  # what a follower worker does on a catalog event, and at start-up
    version = catalog.version
    await catalog.restore()
    assert catalog.version == version and catalog.product("HD-101").id == "HD-101"
    assert await catalog.refresh_if_changed() is False  # nothing new: and it could tell while full
