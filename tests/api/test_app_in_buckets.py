"""The service with its ledger in 4 buckets, as a user sees it: a sale of a product outside the first bucket
raises the host's low-stock card, demand counts every bucket's sales, and /metrics and /healthz report every
bucket's movement stream.

On one Redis here; tests/cluster/test_app_in_buckets_on_cluster.py runs the same checks on the 3-master cluster.
"""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from assistant.ledger import keys
from tests.conftest import TEST_KEYS, auth
from tests.support.waiting import eventually

BUCKETS = 4
LIVE = "demo-live"
# With 4 buckets HD-101 is in bucket 2, HD-102 in bucket 0, MK-601 in bucket 1 (crc32 of the product id).


@pytest.fixture
def settings(redis_server, tmp_path):
    from assistant.config import Settings

    return Settings(redis_url=redis_server.url, data_dir=tmp_path / "data", redis_socket_timeout_s=60.0,
                    api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()), ledger_buckets=BUCKETS)


def services(client: Any) -> Any:
    return client._transport.app.state.services


async def order(client: Any, order_id: str, sku: str, qty: int) -> None:
    body = {"order_id": order_id, "channel": "douyin", "buyer_id": f"buyer-{order_id}", "stream_id": LIVE,
            "lines": [{"sku": sku, "qty": qty}]}
    answer = await client.post("/v1/orders", json=body, headers=auth("integration"))
    assert answer.status_code == 201, answer.text


async def cards(client: Any) -> list[dict[str, Any]]:
    answer = await client.get(f"/v1/streams/{LIVE}/cards", headers=auth("host"))
    assert answer.status_code == 200, answer.text
    return answer.json()["cards"]


async def test_a_sale_outside_the_first_bucket_raises_the_low_stock_card(loaded) -> None:
    assert (await services(loaded).ledger.placement.buckets(["HD-101-BLK-S"]))["HD-101-BLK-S"] != 0
    await order(loaded, "o-low", "HD-101-BLK-S", 28)  # 38 to sell: 10 left, the low-stock line

    async def carded() -> bool:
        return any(card["product_id"] == "HD-101" for card in await cards(loaded))

    await eventually(carded, "the host's card for HD-101")
    card = next(card for card in await cards(loaded) if card["product_id"] == "HD-101")
    assert card["level"] == "low", card
    assert [(v["sku"], v["sellable"]) for v in card["variants"] if v["sku"] == "HD-101-BLK-S"] == [
        ("HD-101-BLK-S", 10)]


async def test_demand_counts_the_sales_of_every_bucket(loaded) -> None:
    where = await services(loaded).ledger.placement.buckets(["HD-101-BLK-L", "HD-102-BLK-L"])
    assert len(set(where.values())) == 2
    for product in ("HD-101", "HD-102"):
        await loaded.put(f"/v1/streams/{LIVE}/focus", json={"product_id": product}, headers=auth("host"))
        asked = await loaded.post(f"/v1/streams/{LIVE}/comments", headers=auth("integration"), json={
            "comments": [{"id": f"{product}-q", "user_id": f"v-{product}", "text": "黑色L码还有吗"}]})
        assert asked.status_code == 200, asked.text
    await order(loaded, "o-1", "HD-101-BLK-L", 2)
    await order(loaded, "o-2", "HD-102-BLK-L", 3)
    items = (await loaded.get(f"/v1/streams/{LIVE}/demand", headers=auth("host"))).json()["items"]
    assert {item["sku"]: item["sales"] for item in items} == {"HD-101-BLK-L": 2, "HD-102-BLK-L": 3}


async def test_metrics_and_health_report_every_buckets_movement_stream(loaded) -> None:
    streams = keys.movement_streams(BUCKETS)
    await order(loaded, "o-1", "MK-601", 1)

    async def lags() -> set[tuple[str, str]]:
        answer = await loaded.get("/metrics", headers=auth("admin"))
        assert answer.status_code == 200
        return {(s.labels["stream"], s.labels["consumer"]) for family in text_string_to_metric_families(answer.text)
                for s in family.samples if s.name == "sa_consumer_lag_seconds"}

    async def every_stream_reported() -> bool:
        found = await lags()
        return all((stream, consumer) in found for stream in streams for consumer in ("alerts", "demand"))

    await eventually(every_stream_reported, "the alert leader's and demand's lag on every movement stream")
    health = (await loaded.get("/healthz")).json()
    assert set(streams) <= set(health["consumers"]), health


async def test_the_post_live_report_counts_and_reconciles_every_buckets_sales(loaded) -> None:
    sold = {"HD-101-BLK-L": 2, "HD-102-BLK-L": 3, "MK-601": 1}  # buckets 2, 0 and 1
    for n, (sku, qty) in enumerate(sold.items()):
        await order(loaded, f"o-{n}", sku, qty)
    report = (await loaded.get(f"/v1/streams/{LIVE}/report", headers=auth("ops"))).json()
    assert report["totals"]["sold"] == 6
    assert report["reconciliation"] == {"ok": True, "differences": []}
    assert {row["sku"]: row["sold"] for row in report["skus"] if row["sold"]} == sold
