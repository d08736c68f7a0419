"""A worker that starts while Redis is full or down (a deploy during an incident, a crash loop of Redis): it starts,
says so in /healthz, answers what it can, refuses writes with a 503 and a code, and becomes whole by itself once
Redis is back: the catalog followed, the scripts loaded, the alert engine raising cards again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from redis.asyncio import Redis

from assistant.config import Settings
from assistant.main import create_app
from tests.conftest import SAMPLE_DATA, ManualClock, auth
from tests.faults.conftest import ExternalRedis, eventually, fill_up

SKU = "HD-101-BLK-L"
AVAILABILITY = "/v1/products/HD-101/availability"
COMMENTS = "/v1/streams/demo-live/comments"


@pytest.fixture
def fault_settings(fault_settings):
    return {**fault_settings, "redis_retry_budget_s": 0.5}  # give up quickly while Redis is down


@asynccontextmanager
async def running(settings: Settings, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, clock=clock)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http):
        http.app = app  # type: ignore[attr-defined]
        yield http


async def _load_sample(settings: Settings, clock: ManualClock) -> None:
    """What a first worker did before the incident: the catalog and the lineup in Redis."""
    async with running(settings, clock) as http:
        catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
        lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
        assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        assert (await http.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                               headers=auth("host"))).status_code == 200
        assert (await http.put("/v1/streams/demo-live/focus", json={"product_id": "HD-101"},
                               headers=auth("host"))).status_code == 200


async def _sell_out_and_see_the_card(http: httpx.AsyncClient) -> None:
    """The engine works: the last units of a variant sold raise a sold-out card."""
    sellable = next(v["sellable"] for v in (await http.get(AVAILABILITY, headers=auth("host"))).json()["variants"]
                    if v["sku"] == SKU)
    order = {"order_id": "o-last", "channel": "douyin", "buyer_id": "b-last", "stream_id": "demo-live",
             "lines": [{"sku": SKU, "qty": sellable}]}
    assert (await http.post("/v1/orders", json=order, headers=auth("ops"))).status_code == 201

    async def sold_out_card() -> bool:
        cards = (await http.get("/v1/streams/demo-live/cards", headers=auth("host"))).json()["cards"]
        return any(v.get("sku") == SKU and v.get("sellable") == 0 for c in cards for v in c.get("variants", []))

    await eventually(sold_out_card, "a sold-out card for the variant sold out")


async def test_a_worker_starting_while_redis_is_full_starts_reads_and_refuses_writes(
        settings: Settings, clock: ManualClock, redis: Redis) -> None:
    await _load_sample(settings, clock)
    await fill_up(redis)
    try:
        async with running(settings, clock) as http:
            health = await http.get("/healthz")
            assert health.status_code == 503 and health.json()["status"] == "degraded"
            assert any("memory" in problem for problem in health.json()["problems"]), health.json()

            availability = await http.get(AVAILABILITY, headers=auth("host"))
            assert availability.status_code == 200, availability.text
            assert any(v["sku"] == SKU and v["sellable"] > 0 for v in availability.json()["variants"])
            batch = {"comments": [{"id": "c1", "user_id": "u1", "user_name": "小美", "text": "黑色L码还有吗"}]}
            answered = await http.post(COMMENTS, json=batch, headers=auth("integration"))
            assert answered.status_code == 200 and answered.json()["results"][0]["facts"][0]["sku"] == SKU

            write = await http.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))
            assert write.status_code == 503 and write.json()["error"]["code"] == "store_full", write.text
            assert int(write.headers["Retry-After"]) > 0

            await redis.config_set("maxmemory", "0")
            await eventually(lambda: _healthy(http), "/healthz ok once Redis has memory again")
            assert (await http.post(f"/v1/skus/{SKU}/restock", json={"qty": 5},
                                    headers=auth("ops"))).status_code == 200
            await _sell_out_and_see_the_card(http)
    finally:
        await redis.config_set("maxmemory", "0")


async def test_a_worker_starting_while_redis_is_down_starts_and_becomes_whole_when_it_is_back(
        settings: Settings, clock: ManualClock, external: ExternalRedis) -> None:
    await _load_sample(settings, clock)
    external.kill()
    async with running(settings, clock) as http:
        health = await http.get("/healthz")
        assert health.status_code == 503 and health.json()["redis"].startswith("unreachable"), health.text
        for answer in (await http.get(AVAILABILITY, headers=auth("host")),
                       await http.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))):
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"]["code"] in ("store_unavailable", "part_unavailable"), answer.text
            assert int(answer.headers["Retry-After"]) > 0

        external.start_again()  # same port, same AOF
        await eventually(lambda: _healthy(http), "/healthz ok once Redis is back")

        async def catalog_followed() -> bool:
            return (await http.get(AVAILABILITY, headers=auth("host"))).status_code == 200

        await eventually(catalog_followed, "the catalog read from Redis once it is back")
        assert (await http.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))).status_code == 200
        batch = {"comments": [{"id": "c1", "user_id": "u1", "user_name": "小美", "text": "黑色L码还有吗"}]}
        answered = await http.post(COMMENTS, json=batch, headers=auth("integration"))
        assert answered.status_code == 200 and answered.json()["results"][0]["reply"], answered.text
        await _sell_out_and_see_the_card(http)


async def _healthy(http: httpx.AsyncClient) -> bool:
    return (await http.get("/healthz")).status_code == 200


def test_history_fed_again_after_a_clear_counts_once() -> None:
    """What the alert engine's retried start-up relies on: warm_up after clear() gives the pace of one feed."""
    from assistant.alerts.velocity import VelocityBook

    once, twice = VelocityBook(), VelocityBook()
    sales = [(1_000 * i, 2) for i in range(1, 40)]
    for ts, units in sales:
        once.record_sale(SKU, "HD-101", units, ts)
        twice.record_sale(SKU, "HD-101", units, ts)
    twice.clear()
    for ts, units in sales:
        twice.record_sale(SKU, "HD-101", units, ts)
    assert twice.of_sku(SKU, 40_000) == once.of_sku(SKU, 40_000)
    assert once.of_sku(SKU, 40_000).units_recent > 0
