"""The service on a 3-master Redis Cluster, as an operator would run it: started on the cluster URL, a catalog
loaded, orders taken once, viewers answered."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from assistant.ledger import keys
from tests.conftest import SAMPLE_DATA, TEST_KEYS, auth
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


@pytest.fixture
async def cluster_client(redis_cluster: LocalCluster, cluster_redis, tmp_path: Path, clock):
    from assistant.config import Settings
    from assistant.main import create_app

    settings = Settings(redis_url=redis_cluster.url, data_dir=tmp_path / "data", redis_socket_timeout_s=60.0,
                        api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=application), base_url="http://test") as http:
        yield http


async def test_the_service_starts_on_the_cluster_url_and_is_healthy(cluster_client) -> None:
    answer = await cluster_client.get("/healthz")
    assert answer.status_code == 200, answer.text
    assert answer.json()["redis"] == "ok"


async def test_a_catalog_loads_and_a_lineup_is_set_on_the_cluster(cluster_client) -> None:
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
    loaded = await cluster_client.put("/v1/catalog", json=catalog, headers=auth("admin"))
    assert loaded.status_code == 200, loaded.text
    answer = await cluster_client.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                                      headers=auth("host"))
    assert answer.status_code == 200, answer.text
    product = catalog["products"][0]["id"]
    availability = await cluster_client.get(f"/v1/products/{product}/availability", headers=auth("integration"))
    assert availability.status_code == 200, availability.text


async def test_orders_and_viewers_questions_are_answered_from_the_cluster_ledger(cluster_client) -> None:
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
    assert (await cluster_client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    await cluster_client.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]}, headers=auth("host"))
    before = (await cluster_client.get("/v1/products/HD-101/availability", headers=auth("integration"))).json()
    start = next(v["sellable"] for v in before["variants"] if v["sku"] == "HD-101-BLK-L")

    order = {"order_id": "cl-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": "HD-101-BLK-L", "qty": 2}]}
    first = await cluster_client.post("/v1/orders", json=order, headers=auth("integration"))
    replay = await cluster_client.post("/v1/orders", json=order, headers=auth("integration"))
    assert first.status_code == 201, first.text
    assert replay.json() == first.json()  # sent twice, deducted once
    after = (await cluster_client.get("/v1/products/HD-101/availability", headers=auth("integration"))).json()
    assert next(v["sellable"] for v in after["variants"] if v["sku"] == "HD-101-BLK-L") == start - 2

    await cluster_client.put("/v1/streams/demo-live/focus", json={"product_id": "HD-101"}, headers=auth("host"))
    asked = await cluster_client.post("/v1/streams/demo-live/comments", headers=auth("integration"),
                                      json={"comments": [{"id": "q1", "user_id": "u1", "text": "黑色L码还有吗"}]})
    assert asked.status_code == 200, asked.text
    result = asked.json()["results"][0]
    assert (result["action"], result["product_id"]) == ("reply", "HD-101"), result
    assert "黑色L码有货" in result["reply"], result  # plenty left: in stock, no figure to state


async def test_on_the_cluster_url_alone_the_ledger_spreads_over_every_master(
        cluster_client, redis_cluster: LocalCluster) -> None:
    """No bucket setting: `auto` is 16 buckets on a cluster, and the sample catalog's products land on all three
    masters (with one bucket every ledger key would sit in one slot, on one master)."""
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    assert (await cluster_client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    ledger = cluster_client._transport.app.state.services.ledger
    assert ledger.placement.count == 16
    skus = [v["sku"] for p in catalog["products"] for v in p["variants"]]
    buckets = set((await ledger.placement.buckets(skus)).values())
    assert {redis_cluster.master_for_key(keys.movements(b)) for b in buckets} == {0, 1, 2}


async def test_a_plain_url_of_any_cluster_node_selects_the_cluster_client(
        redis_cluster: LocalCluster, cluster_redis, tmp_path: Path, clock) -> None:
    """The contract: STOCK_ASSISTANT_REDIS_URL may name any node as redis://host:port; no other setting."""
    from assistant.config import Settings
    from assistant.main import create_app

    node = redis_cluster.startup_nodes[2]
    settings = Settings(redis_url=f"redis://{node[0]}:{node[1]}", data_dir=tmp_path / "data",
                        redis_socket_timeout_s=60.0,
                        api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))
    assert settings.redis_url == f"redis+cluster://{node[0]}:{node[1]}"
    assert settings.ledger_buckets == 16
    application = create_app(settings, clock=clock)
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    async with application.router.lifespan_context(application), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=application), base_url="http://test") as http:
        assert (await http.get("/healthz")).json()["redis"] == "ok"
        assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        answer = await http.get(f"/v1/products/{catalog['products'][0]['id']}/availability",
                                headers=auth("integration"))
        assert answer.status_code == 200, answer.text
