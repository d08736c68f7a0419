"""Traffic items (引流款) come with a per-buyer limit and a flash cap; a reload keeps what ops changed since."""

from __future__ import annotations

from assistant.catalog.role_defaults import ACTOR
from assistant.catalog.service import LOAD_OP_PREFIX
from tests.conftest import auth
from tests.ops.showcase import scenario


async def _sku(client, sku: str) -> dict:
    return (await client.get(f"/v1/skus/{sku}", headers=auth("ops"))).json()


async def test_traffic_items_get_default_limits_and_other_roles_none(client) -> None:
    await scenario.load(client)
    tee = await _sku(client, "TS-11-BLK-M")  # traffic: on hand 60, safety 3
    assert tee["counters"]["buyer_limit"] == 2 and tee["flash_caps"] == {"*": 28}
    cap = await _sku(client, "CP-41-BLK")  # long tail
    assert cap["counters"].get("buyer_limit", 0) == 0 and cap["flash_caps"] == {}
    body = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b-1", "stream_id": scenario.MAIN,
            "lines": [{"sku": "TS-11-BLK-M", "qty": 3}]}
    refused = await client.post("/v1/orders", json=body, headers=auth("integration"))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "buyer_limit_exceeded"


async def test_a_reload_keeps_what_ops_changed_and_a_reset_brings_the_defaults_back(client) -> None:
    await scenario.load(client)
    lifted = await client.put("/v1/skus/TS-11-BLK-M/policy", json={"policy": "buyer_limit", "value": 0},
                              headers=auth("ops"))
    assert lifted.status_code == 200
    await scenario.load(client)
    assert (await _sku(client, "TS-11-BLK-M"))["counters"]["buyer_limit"] == 0
    reset = await client.put("/v1/catalog?reset_stock=true", json=scenario.CATALOG, headers=auth("admin"))
    assert reset.status_code == 200
    assert (await _sku(client, "TS-11-BLK-M"))["counters"]["buyer_limit"] == 2


async def test_a_load_sent_again_after_its_answer_was_lost_does_not_set_the_defaults_twice(client, redis) -> None:
    key = {**auth("admin"), "Idempotency-Key": "load-7"}
    assert (await client.put("/v1/catalog", json=scenario.CATALOG, headers=key)).status_code == 200
    # The first attempt applied everything but its answer never reached the caller, nor was kept (the service
    # died right after applying): the caller sends the same load again under the same key.
    await redis.delete(f"{LOAD_OP_PREFIX}load-7:answer")
    lifted = await client.put("/v1/skus/TS-11-BLK-M/policy", json={"policy": "buyer_limit", "value": 0},
                              headers=auth("ops"))
    assert lifted.status_code == 200
    again = await client.put("/v1/catalog", json=scenario.CATALOG, headers=key)
    assert again.status_code == 200 and again.json()["created"] > 0, "answered as the first attempt: created"
    assert (await _sku(client, "TS-11-BLK-M"))["counters"]["buyer_limit"] == 0, "ops' change survives the replay"
    movements = (await client.get("/v1/skus/TS-11-BLK-M/movements", headers=auth("ops"))).json()["movements"]
    defaults = [m for m in movements if m.get("actor") == ACTOR]
    assert len(defaults) == 2, defaults  # one buyer limit, one flash cap: not two of each
