"""A product put on a lineup a moment before its first orders gets its cards: the engine's index of who shows
what learns of the edit from the edit itself, not from a clock (a busy machine's CI once lost such a card)."""

from __future__ import annotations

from tests.conftest import auth

STREAM = "routes-room"
CATALOG = {"catalog_version": 1, "currency": "CNY", "products": [
    {"id": "AA-1", "name": {"zh": "爆款卫衣"}, "tier": "A",
     "variants": [{"sku": "AA-1-BLK-M", "colour": "black", "size": "M", "on_hand": 100}]},
]}


async def test_an_order_right_after_a_lineup_edit_reaches_the_room_that_just_listed_it(app, client):
    assert (await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))).status_code == 200
    engine = app.state.services.alerts.engine
    await engine.routes.refresh()  # the index is up to date, and knows no room for AA-1
    assert engine.routes.streams_of("AA-1") == ()
    lineup = {"items": [{"product_id": "AA-1", "link_no": 1}]}
    assert (await client.put(f"/v1/streams/{STREAM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
    assert await engine.routes.edited_since_read()
    order = {"order_id": "o1", "channel": "douyin", "buyer_id": "b1", "stream_id": STREAM,
             "lines": [{"sku": "AA-1-BLK-M", "qty": 80}]}
    assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201

    # What the engine's own loop does with new movements (no explicit catch-up, which re-reads routes anyway).
    await engine.process(await engine.feed.read(engine.cursors))
    await engine.flush()
    assert engine.routes.streams_of("AA-1") == (STREAM,)
    cards = (await client.get(f"/v1/streams/{STREAM}/cards", headers=auth("host"))).json()["cards"]
    assert [c["product_id"] for c in cards] == ["AA-1"], cards
    assert not await engine.routes.edited_since_read()


async def test_focus_edits_count_as_edits_too(app, client):
    assert (await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))).status_code == 200
    engine = app.state.services.alerts.engine
    await engine.routes.refresh()
    answer = await client.put(f"/v1/streams/{STREAM}/focus", json={"product_id": "AA-1"}, headers=auth("host"))
    assert answer.status_code == 200, answer.text
    assert await engine.routes.edited_since_read()
