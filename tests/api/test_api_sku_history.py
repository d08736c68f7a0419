"""GET /v1/skus/{sku}/movements: the SKU's own movements, newest first, in pages of `limit` before an id."""

from __future__ import annotations

from tests.conftest import auth

SKU = "HD-101-BLK-L"
OTHER = "HD-101-GRY-M"


async def _order(client, order_id: str, sku: str) -> None:
    body = {"order_id": order_id, "channel": "douyin", "buyer_id": f"b-{order_id}", "lines": [{"sku": sku, "qty": 1}]}
    assert (await client.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201


async def test_a_skus_movements_page_back_by_id_and_name_only_that_sku(loaded) -> None:
    for i in range(4):
        await _order(loaded, f"o-{i}", SKU)
        await _order(loaded, f"x-{i}", OTHER)
    url = f"/v1/skus/{SKU}/movements"
    everything = (await loaded.get(url, headers=auth("ops"))).json()
    assert everything["sku"] == SKU
    rows = everything["movements"]
    assert [(m["type"], m.get("ref")) for m in rows] == [*[("sale", f"o-{i}") for i in (3, 2, 1, 0)], ("load", None)]
    assert {"id", "type", "sku", "qty", "before", "after", "actor", "ts"} <= set(rows[0])
    first = (await loaded.get(url, params={"limit": 2}, headers=auth("ops"))).json()["movements"]
    second = (await loaded.get(url, params={"limit": 2, "before": first[-1]["id"]}, headers=auth("ops"))).json()
    assert first + second["movements"] == rows[:4]


async def test_a_bad_page_cursor_is_a_422_naming_it(loaded) -> None:
    answer = await loaded.get(f"/v1/skus/{SKU}/movements", params={"before": "yesterday"}, headers=auth("ops"))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] and "before" in error["message"]
