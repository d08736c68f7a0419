"""Idempotency-Key on every ledger write route: a request replayed with its key answers the same, moves once."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tests.conftest import SAMPLE_DATA, auth
from tests.support.ledger_writes import with_order_hold_and_shipment

CATALOG = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
SKU = "HD-101-BLK-L"


async def _detail(client) -> dict[str, Any]:
    detail = (await client.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()
    movements = (await client.get(f"/v1/skus/{SKU}/movements", headers=auth("ops"))).json()["movements"]
    return {**detail, "movement_count": len(movements)}


@pytest.fixture
async def ready(loaded):
    return await with_order_hold_and_shipment(loaded, SKU)


# (method, path, body, role) of each write route
WRITES = {
    "restock": ("POST", f"/v1/skus/{SKU}/restock", {"qty": 5}, "ops"),
    "count": ("POST", f"/v1/skus/{SKU}/count", {"stock": 40}, "ops"),
    "policy": ("PUT", f"/v1/skus/{SKU}/policy", {"policy": "buyer_limit", "value": 3}, "ops"),
    "incoming": ("POST", f"/v1/skus/{SKU}/incoming", {"shipment_id": "ship-2", "qty": 4, "eta_ms": 1_900_000_000_000},
                 "ops"),
    "receive": ("POST", f"/v1/skus/{SKU}/incoming/ship-1/receive", None, "ops"),
    "cancel": ("POST", "/v1/orders/o-1/cancel", {"reason": "duplicate"}, "integration"),
    "release": ("POST", "/v1/holds/h-1/release", None, "integration"),
    "catalog_reset": ("PUT", "/v1/catalog?reset_stock=true", CATALOG, "admin"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
async def test_a_write_replayed_with_its_idempotency_key_answers_the_same_and_applies_once(ready, name) -> None:
    method, path, body, role = WRITES[name]
    headers = {**auth(role), "Idempotency-Key": f"key-{name}"}
    first = await ready.request(method, path, json=body, headers=headers)
    assert first.status_code == 200, first.text
    after_first = await _detail(ready)
    again = await ready.request(method, path, json=body, headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert await _detail(ready) == after_first, f"{name} replayed moved stock"
    if name != "catalog_reset":
        assert again.headers.get("Idempotent-Replayed") == "true" and "Idempotent-Replayed" not in first.headers


async def test_a_key_reused_with_another_body_is_a_conflict_and_changes_nothing(ready) -> None:
    headers = {**auth("ops"), "Idempotency-Key": "k1"}
    assert (await ready.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=headers)).status_code == 200
    before = await _detail(ready)
    other = await ready.post(f"/v1/skus/{SKU}/restock", json={"qty": 6}, headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_conflict"
    assert await _detail(ready) == before


async def test_a_catalog_key_reused_for_another_file_is_refused_before_anything_is_written(ready) -> None:
    headers = {**auth("admin"), "Idempotency-Key": "load-1"}
    assert (await ready.put("/v1/catalog?reset_stock=true", json=CATALOG, headers=headers)).status_code == 200
    changed = copy.deepcopy(CATALOG)
    changed["products"][0]["variants"][0]["on_hand"] += 100
    before = await _detail(ready)
    other = await ready.put("/v1/catalog?reset_stock=true", json=changed, headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_conflict"
    assert await _detail(ready) == before


async def test_writes_without_a_key_each_apply(ready) -> None:
    for _ in range(2):
        assert (await ready.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))).status_code == 200
    assert (await _detail(ready))["counters"]["restocked"] == 10


@pytest.mark.parametrize("key", ["", "has space", "x" * 201, "caf\xe9".encode("latin-1")])
async def test_a_malformed_key_is_refused_naming_the_header(ready, key) -> None:
    before = await _detail(ready)
    answer = await ready.post(f"/v1/skus/{SKU}/restock", json={"qty": 5},
                              headers={**auth("ops"), "Idempotency-Key": key})
    assert answer.status_code == 422 and "idempotency-key" in answer.json()["error"]["message"].lower()
    assert await _detail(ready) == before
