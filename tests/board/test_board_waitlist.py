"""Waitlists on the ops board: each variant shows how many viewers of the room wait for it, and the room lists
its most-waited variants beside the asks."""

from __future__ import annotations

from tests.conftest import auth
from tests.waitlist.support import BLACK_L, STREAM, comment, focus, sell_out


async def test_the_board_shows_who_waits_for_a_sold_out_variant(loaded) -> None:
    client = loaded
    await focus(client)
    await sell_out(client)
    await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "蹲一个黑色L"), ("c3", "u3", "主播好美"))
    board = await client.get(f"/v1/board?stream_id={STREAM}", headers=auth("ops"))
    assert board.status_code == 200, board.text
    room = board.json()["rooms"][0]
    variants = {v["sku"]: v for p in room["products"] for v in p["variants"]}
    assert variants[BLACK_L]["waiting"] == 2 and variants[BLACK_L]["sellable"] == 0
    assert sum(v["waiting"] for v in variants.values()) == 2
    product = next(p for p in room["products"] if p["product_id"] == "HD-101")
    assert product["waiting"] == 2
    assert [(w["sku"], w["waiting"]) for w in room["waitlist"]] == [(BLACK_L, 2)]
    await comment(client, ("c4", "u1", "不要了"))  # a viewer leaves: the board follows
    room = (await client.get(f"/v1/board?stream_id={STREAM}", headers=auth("ops"))).json()["rooms"][0]
    assert [(w["sku"], w["waiting"]) for w in room["waitlist"]] == [(BLACK_L, 1)]
