"""Warehouses, transfers, bundles and pick lists through HTTP, as ops and the integration use them."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import auth
from tests.ledger.warehouse_setup import catalog

STOCK = {"TEE-1": [("SH", 10, 2), ("GZ", 5, 0), ("HK", 6, 0)], "SOCK-1": [("SH", 20, 0), ("GZ", 3, 0)]}


@pytest.fixture
async def shop(client):
    answer = await client.put("/v1/catalog", json=catalog(**STOCK), headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["variants"] == 3
    return client


def sellable_of(body: dict, sku: str) -> int:
    return next(v["sellable"] for v in body["variants"] if v["sku"] == sku)


async def test_ops_see_each_warehouse_and_a_region_sees_only_the_warehouses_serving_it(shop) -> None:
    listed = (await shop.get("/v1/warehouses", headers=auth("host"))).json()
    assert [w["id"] for w in listed["warehouses"]] == ["SH", "GZ", "HK"] and "priority" in listed["allocation_rule"]
    body = (await shop.get("/v1/products/TEE/warehouses?region=hk", headers=auth("ops"))).json()
    tee = body["variants"][0]
    assert {w["warehouse"]: w["sellable"] for w in tee["warehouses"]} == {"SH": 8, "GZ": 5, "HK": 6}
    assert (tee["sellable"], tee["region_sellable"]) == (19, 6)
    whole = (await shop.get("/v1/products/TEE/availability", headers=auth("host"))).json()
    hk = (await shop.get("/v1/products/TEE/availability?region=hk", headers=auth("host"))).json()
    assert (sellable_of(whole, "TEE-1"), sellable_of(hk, "TEE-1")) == (19, 6)


async def test_a_bundle_answers_from_its_components_figures(shop) -> None:
    avail = (await shop.get("/v1/products/SET/availability", headers=auth("integration"))).json()
    assert sellable_of(avail, "SET-1") == 11  # 23 socks allow 11 sets, 19 tees 19
    body = (await shop.get("/v1/products/SET/warehouses", headers=auth("ops"))).json()
    bundle = body["bundles"][0]
    assert bundle["sellable"] == 11 and bundle["limited_by"] == {"sku": "SOCK-1", "allows": 11}
    assert {c["sku"]: (c["qty"], c["sellable"]) for c in bundle["components"]} == {"TEE-1": (1, 19), "SOCK-1": (2, 23)}
    # in the south only SH and GZ count; the same figures, regionally
    south = (await shop.get("/v1/products/SET/availability?region=hk", headers=auth("host"))).json()
    assert sellable_of(south, "SET-1") == 0  # no warehouse serving hk stocks socks


async def test_an_order_carries_its_allocation_and_each_warehouse_gets_its_pick_list(shop) -> None:
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "region": "south",
             "lines": [{"sku": "SET-1", "qty": 2}, {"sku": "TEE-1", "qty": 6}]}
    placed = await shop.post("/v1/orders", json=order, headers=auth("integration"))
    assert placed.status_code == 201, placed.text
    picks = (await shop.get("/v1/orders/o-1/pick-lists", headers=auth("ops"))).json()["pick_lists"]
    assert {(p["warehouse"], line["sku"], line["qty"]) for p in picks for line in p["lines"]} == {
        ("SH", "TEE-1", 8), ("SH", "SOCK-1", 4)}
    missing = await shop.get("/v1/orders/nope/pick-lists", headers=auth("ops"))
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "order_not_found")


async def test_a_transfer_over_http_from_proposal_to_arrival(shop) -> None:
    proposed = await shop.post("/v1/skus/TEE-1/transfers", headers=auth("ops"),
                               json={"from": "SH", "to": "GZ", "qty": 5, "eta_hours": 6, "transfer_id": "t1"})
    assert proposed.status_code == 201, proposed.text
    assert (proposed.json()["from"], proposed.json()["status"]) == ("SH", "proposed")
    confirmed = await shop.post("/v1/skus/TEE-1/transfers/t1/confirm", headers=auth("ops"))
    assert confirmed.json()["status"] == "in_transit"
    listed = (await shop.get("/v1/transfers?status=in_transit", headers=auth("host"))).json()["transfers"]
    assert [(t["transfer_id"], t["qty"]) for t in listed] == [("t1", 5)]
    detail = (await shop.get("/v1/skus/TEE-1", headers=auth("ops"))).json()
    assert [s["shipment_id"] for s in detail["incoming"]] == ["xfer-t1"] and detail["sellable"] == 14
    received = await shop.post("/v1/skus/TEE-1/transfers/t1/receive", headers=auth("ops"))
    assert received.json()["status"] == "received"
    body = (await shop.get("/v1/products/TEE/warehouses", headers=auth("ops"))).json()
    assert {w["warehouse"]: w["sellable"] for w in body["variants"][0]["warehouses"]} == {"SH": 3, "GZ": 10, "HK": 6}


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"from": "SH", "to": "GZ", "qty": 5}, 422, "invalid_input"),  # no ETA
    ({"from": "SH", "to": "BJ", "qty": 5, "eta_hours": 2}, 422, "unknown_warehouse"),
    ({"from": "SH", "to": "GZ", "qty": 50, "eta_hours": 2}, 409, "insufficient_stock"),
    ({"from": "SH", "to": "GZ", "qty": 5, "eta_hours": 2, "extra": 1}, 422, "invalid_input"),
])
async def test_a_bad_transfer_is_refused_in_the_error_shape(shop, body: dict, status: int, code: str) -> None:
    answer = await shop.post("/v1/skus/TEE-1/transfers", json=body, headers=auth("ops"))
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert answer.json()["error"]["message"]


async def test_warehouse_stock_actions_and_their_refusals(shop) -> None:
    counted = await shop.post("/v1/skus/TEE-1/warehouses/GZ/stock", headers=auth("ops"),
                              json={"action": "count", "qty": 2, "expected_stock": 5, "reason": "recount"})
    assert counted.status_code == 200 and counted.json()["available"] == 2
    stale = await shop.post("/v1/skus/TEE-1/warehouses/GZ/stock", headers=auth("ops"),
                            json={"action": "count", "qty": 9, "expected_stock": 5})
    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "stale_count")
    unknown = await shop.post("/v1/skus/TEE-1/warehouses/BJ/stock", headers=auth("ops"),
                              json={"action": "restock", "qty": 1})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "unknown_warehouse")
    whole = await shop.post("/v1/skus/TEE-1/count", headers=auth("ops"), json={"stock": 3})
    assert (whole.status_code, whole.json()["error"]["code"]) == (409, "warehouse_required")
    host = await shop.post("/v1/skus/TEE-1/warehouses/GZ/stock", headers=auth("host"), json={"action": "restock", "qty": 1})
    assert host.status_code == 403


async def test_ops_add_a_warehouse_and_stock_it_without_touching_live_counts(shop) -> None:
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": "TEE-1", "qty": 2}]}
    assert (await shop.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
    added = await shop.put("/v1/warehouses/CD", headers=auth("ops"),
                           json={"name": {"zh": "成都仓"}, "region": "west", "priority": 2, "lead_hours": 18})
    assert added.status_code == 200, added.text
    assert [w["id"] for w in added.json()["warehouses"]] == ["SH", "GZ", "HK", "CD"]
    stocked = await shop.post("/v1/skus/TEE-1/warehouses/CD/stock", headers=auth("ops"),
                              json={"action": "restock", "qty": 7})
    assert stocked.status_code == 200 and stocked.json()["available"] == 7
    body = (await shop.get("/v1/products/TEE/warehouses", headers=auth("ops"))).json()
    tee = {w["warehouse"]: w for w in body["variants"][0]["warehouses"]}
    assert (tee["CD"]["sellable"], body["variants"][0]["sellable"]) == (7, 24)  # 19 - 2 sold + 7
    bad = await shop.put("/v1/warehouses/CD", headers=auth("ops"), json={"priority": -1})
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_input")
    host = await shop.put("/v1/warehouses/XX", headers=auth("host"), json={})
    assert host.status_code == 403


async def test_two_ops_adding_warehouses_at_once_both_keep_theirs(shop, app) -> None:
    answers = await asyncio.gather(*(
        shop.put(f"/v1/warehouses/{w}", headers=auth("ops"), json={"name": {"zh": f"{w}仓"}, "priority": 5})
        for w in ("CD", "WH", "XA")))
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    listed = (await shop.get("/v1/warehouses", headers=auth("ops"))).json()["warehouses"]
    assert sorted(w["id"] for w in listed) == ["CD", "GZ", "HK", "SH", "WH", "XA"]  # no edit lost
    stored = app.state.services.catalog
    await stored.restore()  # what a restarted worker reads back from Redis
    assert sorted(w.id for w in stored.catalog.warehouses) == ["CD", "GZ", "HK", "SH", "WH", "XA"]


async def test_a_viewer_asking_about_the_set_is_answered_from_its_components_figures(shop) -> None:
    lineup = {"items": [{"link_no": 1, "product_id": "SET"}, {"link_no": 2, "product_id": "TEE"}]}
    assert (await shop.put("/v1/streams/live/lineup", json=lineup, headers=auth("host"))).status_code == 200

    async def ask(comment_id: str, text: str) -> dict:
        body = {"comments": [{"id": comment_id, "user_id": f"u-{comment_id}", "user_name": "小美", "text": text}]}
        answer = await shop.post("/v1/streams/live/comments", json=body, headers=auth("integration"))
        assert answer.status_code == 200, answer.text
        return answer.json()["results"][0]

    first = await ask("c1", "套装还有吗")
    assert (first["intent"], first["product_id"]) == ("availability", "SET")
    assert [(f["sku"], f["sellable"]) for f in first["facts"]] == [("SET-1", 11)]
    assert first["reply"] and "卖完" not in first["reply"]
    socks = {"order_id": "s-1", "channel": "douyin", "buyer_id": "b9", "lines": [{"sku": "SOCK-1", "qty": 23}]}
    assert (await shop.post("/v1/orders", json=socks, headers=auth("integration"))).status_code == 201
    after = await ask("c2", "1号链接套装还有货吗")
    assert [(f["sku"], f["sellable"]) for f in after["facts"]] == [("SET-1", 0)]  # the socks are gone


async def test_the_board_shows_each_warehouse_and_transfers_on_the_way(shop) -> None:
    lineup = {"items": [{"link_no": 1, "product_id": "TEE"}, {"link_no": 2, "product_id": "SET"}]}
    assert (await shop.put("/v1/streams/live/lineup", json=lineup, headers=auth("host"))).status_code == 200
    await shop.post("/v1/skus/TEE-1/transfers", headers=auth("ops"),
                    json={"from": "SH", "to": "GZ", "qty": 4, "eta_hours": 3, "transfer_id": "t9"})
    await shop.post("/v1/skus/TEE-1/transfers/t9/confirm", headers=auth("ops"))
    board = (await shop.get("/v1/board?streams=live", headers=auth("ops"))).json()
    room = board["rooms"][0]
    assert {w["warehouse"]: (w["sellable"], w["incoming"]) for w in room["warehouses"]} == {
        "SH": (4 + 20, 0), "GZ": (5 + 3, 4), "HK": (6, 0)}
    assert [(s["shipment_id"], s["warehouse"], s["transfer"]) for s in room["incoming"]] == [("xfer-t9", "GZ", "t9")]
    set_row = next(p for p in room["products"] if p["product_id"] == "SET")
    assert set_row["variants"][0]["sellable"] == 11


async def test_a_rooms_pick_lists_per_warehouse_follow_its_orders_and_cancels(shop) -> None:
    lineup = {"items": [{"link_no": 1, "product_id": "TEE"}, {"link_no": 2, "product_id": "SET"}]}
    assert (await shop.put("/v1/streams/live/lineup", json=lineup, headers=auth("host"))).status_code == 200
    for order_id, region, sku, qty in (("a", "south", "TEE-1", 3), ("b", "hk", "TEE-1", 2), ("c", "east", "SET-1", 1),
                                       ("d", "south", "TEE-1", 1)):
        body = {"order_id": order_id, "channel": "douyin", "buyer_id": order_id, "stream_id": "live", "region": region,
                "lines": [{"sku": sku, "qty": qty}]}
        assert (await shop.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201
    other = {"order_id": "x", "channel": "douyin", "buyer_id": "x", "stream_id": "other", "lines": [{"sku": "TEE-1", "qty": 1}]}
    assert (await shop.post("/v1/orders", json=other, headers=auth("integration"))).status_code == 201
    assert (await shop.post("/v1/orders/d/cancel", headers=auth("integration"))).status_code == 200
    picks = (await shop.get("/v1/streams/live/pick-lists", headers=auth("ops"))).json()["pick_lists"]
    assert {p["warehouse"]: {line["sku"]: line["qty"] for line in p["lines"]} for p in picks} == {
        "GZ": {"TEE-1": 3}, "HK": {"TEE-1": 2}, "SH": {"TEE-1": 1, "SOCK-1": 2}}


async def test_a_transfer_proposed_with_an_expiry_is_refused_after_it(shop, clock) -> None:
    body = {"from": "SH", "to": "GZ", "qty": 2, "eta_hours": 6, "expires_in_s": 600}
    proposed = await shop.post("/v1/skus/TEE-1/transfers", json=body, headers=auth("ops"))
    assert proposed.status_code == 201, proposed.text
    transfer_id, expires = proposed.json()["transfer_id"], proposed.json()["expires_ms"]
    assert expires == int(clock()) + 600_000
    clock.advance(601)
    late = await shop.post(f"/v1/skus/TEE-1/transfers/{transfer_id}/confirm", headers=auth("ops"))
    assert (late.status_code, late.json()["error"]["code"]) == (409, "transfer_expired")
    listed = (await shop.get("/v1/transfers?sku=TEE-1", headers=auth("ops"))).json()["transfers"]
    assert [(t["transfer_id"], t["status"]) for t in listed] == [(transfer_id, "expired")]
