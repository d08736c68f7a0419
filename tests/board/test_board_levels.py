"""The board colours a variant by the cards' own rule: an A-tier item turns low (and critical) earlier, on the
board exactly as on its card, and a count pushed to the screen recolours by the same thresholds."""

from __future__ import annotations

from tests.conftest import auth

STREAM = "tier-room"
CATALOG = {"catalog_version": 1, "currency": "CNY", "products": [
    {"id": "AA-1", "name": {"zh": "爆款卫衣"}, "tier": "A",
     "variants": [{"sku": "AA-1-BLK-M", "colour": "black", "size": "M", "on_hand": 100}]},
    {"id": "BB-1", "name": {"zh": "基础T恤"}, "tier": "B",
     "variants": [{"sku": "BB-1-BLK-M", "colour": "black", "size": "M", "on_hand": 100}]},
]}


async def _sell(client, sku: str, qty: int, order_id: str) -> None:
    body = {"order_id": order_id, "channel": "douyin", "buyer_id": order_id, "stream_id": STREAM,
            "lines": [{"sku": sku, "qty": qty}]}
    answer = await client.post("/v1/orders", json=body, headers=auth("integration"))
    assert answer.status_code == 201, answer.text


async def _board_variants(client) -> dict[str, dict]:
    answer = await client.get(f"/v1/board?stream_id={STREAM}", headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    return {v["sku"]: v for p in answer.json()["rooms"][0]["products"] for v in p["variants"]}


async def _card_levels(app, client) -> dict[str, str]:
    """Each product's newest card level once the alert engine has seen every movement."""
    await app.state.services.alerts.engine.catch_up()
    cards = (await client.get(f"/v1/streams/{STREAM}/cards", headers=auth("host"))).json()["cards"]
    return {c["product_id"]: c["level"] for c in sorted(cards, key=lambda c: c["created_ts"])}


async def test_an_a_item_is_low_on_the_board_as_on_its_card_while_a_b_item_at_the_same_count_is_not(app, client):
    loaded = await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))
    assert loaded.status_code == 200, loaded.text
    lineup = {"items": [{"product_id": "AA-1", "link_no": 1}, {"product_id": "BB-1", "link_no": 2}]}
    assert (await client.put(f"/v1/streams/{STREAM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
    await _sell(client, "AA-1-BLK-M", 75, "a1")  # 25 of 100 left: low for an A item (30 %), fine for B (20 %)
    await _sell(client, "BB-1-BLK-M", 75, "b1")
    variants = await _board_variants(client)
    assert variants["AA-1-BLK-M"]["level"] == "low"
    assert variants["BB-1-BLK-M"]["level"] == "in_stock"
    assert await _card_levels(app, client) == {"AA-1": "low"}

    await _sell(client, "AA-1-BLK-M", 11, "a2")  # 14 left: critical for A (15 %), merely low for B (20 %)
    await _sell(client, "BB-1-BLK-M", 11, "b2")
    variants = await _board_variants(client)
    assert variants["AA-1-BLK-M"]["level"] == "critical"
    assert variants["BB-1-BLK-M"]["level"] == "low"
    assert await _card_levels(app, client) == {"AA-1": "critical", "BB-1": "low"}
    # The page recolours pushed counts by these thresholds, so they must be the card rule's (A: 30 % / 15 %).
    assert (variants["AA-1-BLK-M"]["low_at"], variants["AA-1-BLK-M"]["critical_at"]) == (30, 15)
    assert (variants["BB-1-BLK-M"]["low_at"], variants["BB-1-BLK-M"]["critical_at"]) == (20, 10)


async def test_a_room_that_lowers_its_alert_thresholds_sees_the_board_follow(app, client):
    loaded = await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))
    assert loaded.status_code == 200, loaded.text
    lineup = {"items": [{"product_id": "BB-1", "link_no": 1}]}
    assert (await client.put(f"/v1/streams/{STREAM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
    await _sell(client, "BB-1-BLK-M", 60, "b1")  # 40 left
    assert (await _board_variants(client))["BB-1-BLK-M"]["level"] == "in_stock"
    answer = await client.put(f"/v1/streams/{STREAM}/alert-settings", json={"low_ratio": 0.5}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    assert (await _board_variants(client))["BB-1-BLK-M"]["level"] == "low"


async def test_a_shipment_days_away_shows_its_date_on_the_board(app, client):
    from assistant.ops.stock_figures import date_time_text

    assert (await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))).status_code == 200
    lineup = {"items": [{"product_id": "BB-1", "link_no": 1}]}
    assert (await client.put(f"/v1/streams/{STREAM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
    svc = app.state.services
    eta = int(svc.clock()) + 240 * 3_600_000  # a cross-border restock
    shipment = {"shipment_id": "ship-x", "qty": 50, "eta_ms": eta}
    assert (await client.post("/v1/skus/BB-1-BLK-M/incoming", json=shipment, headers=auth("ops"))).status_code == 200
    board = (await client.get(f"/v1/board?stream_id={STREAM}", headers=auth("ops"))).json()
    [row] = board["rooms"][0]["incoming"]
    assert row["eta"] == date_time_text(eta, svc.settings.ops_utc_offset_minutes)
