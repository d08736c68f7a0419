"""Catalog loading and orders through HTTP, as the integration and admin use them."""

from __future__ import annotations

import copy
import json

from tests.conftest import SAMPLE_DATA, auth

CATALOG = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())


def _variant(availability: dict, sku: str) -> dict:
    return next(v for v in availability["variants"] if v["sku"] == sku)


async def test_catalog_load_counts_and_availability(client):
    answer = await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))
    assert answer.status_code == 200
    assert answer.json()["products"] == 10 and answer.json()["variants"] == 97
    avail = (await client.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert avail["product_id"] == "HD-101" and avail["name"] == "联名款连帽卫衣"
    black_l = _variant(avail, "HD-101-BLK-L")
    assert black_l == {"sku": "HD-101-BLK-L", "colour": "black", "size": "L", "sellable": 114, "status": "in_stock"}
    assert _variant(avail, "HD-101-APR-L")["status"] == "sold_out"
    assert _variant(avail, "HD-101-APR-2XL")["status"] == "low"
    mask = (await client.get("/v1/products/MK-601/availability", headers=auth("integration"))).json()
    assert mask["variants"][0]["colour"] is None and mask["variants"][0]["size"] is None


async def test_reload_keeps_live_counts_unless_reset(client):
    await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": "HD-101-BLK-L", "qty": 4}]}
    assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
    again = await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))
    assert again.json()["kept"] == 97 and again.json()["created"] == 0
    avail = (await client.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert _variant(avail, "HD-101-BLK-L")["sellable"] == 110
    await client.put("/v1/catalog?reset_stock=true", json=CATALOG, headers=auth("admin"))
    avail = (await client.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert _variant(avail, "HD-101-BLK-L")["sellable"] == 114


async def test_invalid_catalog_is_refused_whole_naming_product_variant_field(client):
    bad = copy.deepcopy(CATALOG)
    bad["products"][2]["variants"][1]["on_hand"] = -1
    bad["products"][0]["variants"][0]["on_hand"] = 999  # must not be applied: the file is refused whole
    answer = await client.put("/v1/catalog", json=bad, headers=auth("admin"))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_catalog"
    assert "DR-201" in error["message"] and "DR-201-RED-S" in error["message"] and "on_hand" in error["message"]
    assert (await client.get("/v1/products/HD-101/availability", headers=auth("host"))).status_code == 404


async def test_order_all_or_none_and_idempotent(loaded):
    lines = [{"sku": "HD-101-APR-2XL", "qty": 2}, {"sku": "HD-101-GRY-2XL", "qty": 1}]  # the second is sold out
    order = {"order_id": "o-2", "channel": "taobao", "buyer_id": "b1", "lines": lines}
    refused = await loaded.post("/v1/orders", json=order, headers=auth("integration"))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "insufficient_stock"
    avail = (await loaded.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert _variant(avail, "HD-101-APR-2XL")["sellable"] == 4
    good = {"order_id": "o-3", "channel": "taobao", "buyer_id": "b1", "stream_id": "demo-live",
            "lines": [{"sku": "HD-101-APR-2XL", "qty": 2}]}
    first = await loaded.post("/v1/orders", json=good, headers=auth("integration"))
    second = await loaded.post("/v1/orders", json=good, headers=auth("integration"))
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and first.json()["status"] == "accepted"
    avail = (await loaded.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert _variant(avail, "HD-101-APR-2XL")["sellable"] == 2
    changed = dict(good, lines=[{"sku": "HD-101-APR-2XL", "qty": 1}])
    conflict = await loaded.post("/v1/orders", json=changed, headers=auth("integration"))
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "idempotency_conflict"
    for _ in range(2):
        cancel = await loaded.post("/v1/orders/o-3/cancel", headers=auth("ops"))
        assert cancel.status_code == 200
    avail = (await loaded.get("/v1/products/HD-101/availability", headers=auth("host"))).json()
    assert _variant(avail, "HD-101-APR-2XL")["sellable"] == 4


async def test_buyer_limit_through_http(loaded):
    policy = await loaded.put("/v1/skus/HD-101-BLK-L/policy", json={"policy": "buyer_limit", "value": 2},
                              headers=auth("ops"))
    assert policy.status_code == 200
    order = {"order_id": "o-4", "channel": "douyin", "buyer_id": "fan", "lines": [{"sku": "HD-101-BLK-L", "qty": 3}]}
    refused = await loaded.post("/v1/orders", json=order, headers=auth("integration"))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "buyer_limit_exceeded"
    detail = (await loaded.get("/v1/skus/HD-101-BLK-L", headers=auth("ops"))).json()
    assert detail["sellable"] == 114 and detail["counters"]["buyer_limit"] == 2


async def test_lineup_and_focus(loaded):
    focus = await loaded.put("/v1/streams/demo-live/focus", json={"product_id": "DR-201"}, headers=auth("host"))
    assert focus.json()["focus"] == "DR-201" and focus.json()["items"][2] == {"link_no": 3, "product_id": "DR-201"}


async def test_a_product_named_in_english_only_answers_its_availability(client):
    catalog = {"catalog_version": 1, "products": [{"id": "EN-1", "name": {"en": "Coat"},
                                                   "variants": [{"sku": "EN-1-M", "on_hand": 5}]}]}
    assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    answer = await client.get("/v1/products/EN-1/availability", headers=auth("integration"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["names"] == {"zh": None, "en": "Coat"}


async def test_every_policy_the_route_accepts_is_answered(loaded):
    """The ledger's answer is the documented answer (one definition): a region's buyer limit, which the route
    accepts, was missing from the documented policies and its answer failed validation (a 500)."""
    for body in ({"policy": "region_buyer_limit", "value": 1, "scope": "region:east"},
                 {"policy": "safety_stock", "value": 1}, {"policy": "flash_cap", "value": 5, "scope": "*"}):
        answer = await loaded.put("/v1/skus/HD-101-BLK-L/policy", json=body, headers=auth("ops"))
        assert answer.status_code == 200, answer.text
        assert answer.json()["policy"] == body["policy"] and answer.json()["scope"].endswith(body.get("scope", ""))
