"""Bad input is refused whole with a 4xx naming what was wrong, and nothing of it is applied."""

from __future__ import annotations

import copy
import json

import pytest

from tests.conftest import SAMPLE_DATA, auth

CATALOG = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
SKU = "HD-101-BLK-L"


async def _detail(client) -> dict:
    return (await client.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()


async def test_an_empty_catalog_is_refused_unless_clearing_is_asked_for(loaded) -> None:
    refused = await loaded.put("/v1/catalog", json={"products": []}, headers=auth("admin"))
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "empty_catalog"
    assert "allow_empty" in refused.json()["error"]["message"]
    assert (await loaded.get("/v1/products/HD-101/availability", headers=auth("host"))).status_code == 200
    cleared = await loaded.put("/v1/catalog?allow_empty=true", json={"products": []}, headers=auth("admin"))
    assert cleared.status_code == 200 and cleared.json()["products"] == 0
    assert (await loaded.get("/v1/products/HD-101/availability", headers=auth("host"))).status_code == 404


@pytest.mark.parametrize("where", ["top", "product", "variant"])
async def test_unknown_catalog_fields_are_refused_naming_them(loaded, where) -> None:
    bad = copy.deepcopy(CATALOG)
    target = {"top": bad, "product": bad["products"][0], "variant": bad["products"][0]["variants"][0]}[where]
    target["padding"] = "x" * 1000
    bad["products"][0]["variants"][0]["on_hand"] = 999  # must not be applied
    before = await _detail(loaded)
    answer = await loaded.put("/v1/catalog?reset_stock=true", json=bad, headers=auth("admin"))
    assert answer.status_code == 422 and "padding" in answer.json()["error"]["message"]
    assert await _detail(loaded) == before


@pytest.mark.parametrize("qty", ["1", 1.0, True, 1.5, None])
async def test_quantities_must_be_whole_numbers_not_look_alikes(loaded, qty) -> None:
    before = await _detail(loaded)
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": SKU, "qty": qty}]}
    assert (await loaded.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 422
    restock = await loaded.post(f"/v1/skus/{SKU}/restock", json={"qty": qty}, headers=auth("ops"))
    assert restock.status_code == 422 and "qty" in restock.json()["error"]["message"]
    bad = copy.deepcopy(CATALOG)
    bad["products"][0]["variants"][0]["on_hand"] = qty
    assert (await loaded.put("/v1/catalog?reset_stock=true", json=bad, headers=auth("admin"))).status_code == 422
    assert await _detail(loaded) == before


@pytest.mark.parametrize("eta_ms", [1180591620717411303424, 0, -1, 4_102_444_800_001, "1900000000000", True])
async def test_an_eta_outside_a_sane_range_is_refused_and_ops_incoming_questions_still_answer(loaded, eta_ms) -> None:
    shipment = {"shipment_id": "ship-1", "qty": 5, "eta_ms": eta_ms}
    answer = await loaded.post(f"/v1/skus/{SKU}/incoming", json=shipment, headers=auth("ops"))
    assert answer.status_code == 422 and "eta_ms" in answer.json()["error"]["message"]
    assert (await _detail(loaded))["incoming"] == []
    ops = await loaded.post("/v1/ops/ask", json={"question": "有哪些货在路上"}, headers=auth("ops"))
    assert ops.status_code == 200


@pytest.mark.parametrize("ts", [False, True, "2024-01-01", float("inf")])
async def test_a_comment_timestamp_that_is_not_a_number_is_refused(loaded, ts) -> None:
    batch = {"comments": [{"id": "c1", "user_id": "u1", "text": "黑色L码还有吗", "ts": ts}]}
    answer = await loaded.post("/v1/streams/demo-live/comments", content=json.dumps(batch, allow_nan=True),
                               headers={**auth("integration"), "Content-Type": "application/json"})
    assert answer.status_code == 422 and "ts" in answer.json()["error"]["message"]


@pytest.mark.parametrize("bad_id", [".", "..", "..."])
async def test_ids_of_only_dots_are_refused(loaded, bad_id) -> None:
    order = {"order_id": bad_id, "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": SKU, "qty": 1}]}
    assert (await loaded.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 422
    bad = copy.deepcopy(CATALOG)
    bad["products"][0]["id"] = bad_id
    assert (await loaded.put("/v1/catalog", json=bad, headers=auth("admin"))).status_code == 422
    shipment = {"shipment_id": bad_id, "qty": 5, "eta_ms": 1_900_000_000_000}
    assert (await loaded.post(f"/v1/skus/{SKU}/incoming", json=shipment, headers=auth("ops"))).status_code == 422
    assert (await _detail(loaded))["incoming"] == []


async def test_a_body_over_the_limit_is_refused_before_it_is_read(loaded) -> None:
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b" * (2 << 20), "lines": [{"sku": SKU, "qty": 1}]}
    answer = await loaded.post("/v1/orders", json=order, headers=auth("integration"))
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "payload_too_large"

    async def chunks():  # no Content-Length: counted as it streams in
        for _ in range(64):
            yield b"x" * 65536

    streamed = await loaded.post("/v1/orders", content=chunks(),
                                 headers={**auth("integration"), "Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert (await _detail(loaded))["counters"]["sold"] == 0


@pytest.mark.parametrize("cursor", ["37129599384-08960323215070692420880007127689", "99999999999999999999-0"])
async def test_a_stream_cursor_beyond_redis_counters_is_refused_not_a_server_error(loaded, cursor) -> None:
    answer = await loaded.get(f"/v1/streams/demo-live/waitlist/events?after={cursor}", headers=auth("ops"))
    assert answer.status_code == 422 and "after" in answer.json()["error"]["message"]
