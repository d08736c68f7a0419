"""The board's snapshot and actions over HTTP: figures from the ledger, cold products, proposals only."""

from __future__ import annotations

from tests.conftest import auth
from tests.ops.showcase import oracle, scenario


async def test_snapshot_shows_each_room_in_lineup_order_with_ledger_counts(client, clock) -> None:
    await scenario.play(client, clock)
    answer = await client.get("/v1/board", headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    rooms = {r["stream_id"]: r for r in answer.json()["rooms"]}
    main = rooms[scenario.MAIN]
    assert [p["product_id"] for p in main["products"]] == [i["product_id"] for i in scenario.LINEUPS[scenario.MAIN]]
    expected = oracle.skus()
    for product in main["products"]:
        for variant in product["variants"]:
            assert variant["sellable"] == expected[variant["sku"]].sellable, variant["sku"]
    by_id = {p["product_id"]: p for p in main["products"]}
    assert {pid for pid, p in by_id.items() if p["cold"]} == {"BG-61", "CP-41"}  # lineup items not selling
    assert by_id["TS-11"]["tier"] == "A" and by_id["TS-11"]["role"] == "traffic"
    tee_channels = oracle.sales(set(oracle.of("TS-11")), room=scenario.MAIN, channel="kuaishou").net
    assert by_id["TS-11"]["channels"]["kuaishou"] == tee_channels
    assert {s["shipment_id"] for s in main["incoming"]} == {"SHIP-41", "SHIP-42"}


async def test_board_needs_an_ops_key_and_names_an_unknown_room(client, clock) -> None:
    await scenario.load(client)
    assert (await client.get("/v1/board")).status_code == 401
    assert (await client.get("/v1/board", headers=auth("host"))).status_code == 403
    unknown = await client.get("/v1/board?stream_id=nope", headers=auth("ops"))
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_stream"


async def test_a_board_action_is_a_proposal_until_confirmed(client, clock) -> None:
    await scenario.load(client)
    before = (await client.get("/v1/skus/TS-11-WHT-M", headers=auth("ops"))).json()
    made = await client.post("/v1/board/proposals", json={"action": "restock", "sku": "TS-11-WHT-M", "value": 12},
                             headers=auth("ops"))
    assert made.status_code == 201 and made.json()["applied"] is False
    assert (await client.get("/v1/skus/TS-11-WHT-M", headers=auth("ops"))).json() == before
    token = made.json()["proposal"]["token"]
    assert (await client.post("/v1/ops/confirm", json={"token": token}, headers=auth("ops"))).status_code == 200
    after = (await client.get("/v1/skus/TS-11-WHT-M", headers=auth("ops"))).json()
    assert after["sellable"] == before["sellable"] + 12
    bad = await client.post("/v1/board/proposals", json={"action": "restock", "sku": "NOPE", "value": 1},
                            headers=auth("ops"))
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "unknown_sku"
