"""A viewer asks for a colour whose every size is sold out: an honest answer, and a place on each of its lists."""

from __future__ import annotations

from tests.waitlist.support import comment, focus, sell_out, waitlist

BLACK = ["HD-101-BLK-S", "HD-101-BLK-M", "HD-101-BLK-L", "HD-101-BLK-XL", "HD-101-BLK-2XL"]


async def test_a_colour_sold_out_in_every_size_joins_each_sold_out_size(loaded, clock):
    client = loaded
    await focus(client)
    for number, sku in enumerate(BLACK):
        await sell_out(client, sku, order_id=f"sellout-{number}")
    answer = await comment(client, ("c1", "u1", "黑色还有吗"), ("c2", "u2", "灰色还有吗"))
    black, grey = answer["results"]
    assert "售罄" in black["reply"] or "卖完" in black["reply"] or "没货" in black["reply"], black["reply"]
    assert "有货" not in black["reply"].split("，")[0]  # never "黑色有货" first
    assert black["waitlist"]["action"] == "joined" and sorted(black["waitlist"]["skus"]) == sorted(BLACK)
    assert "到货提醒" in black["reply"]
    assert "waitlist" not in grey  # grey is in stock
    room = await waitlist(client)
    waiting = {row["sku"]: row["waiting"] for row in room["variants"]}
    assert all(waiting.get(sku) == 1 for sku in BLACK)
    clock.advance(60)
    again = await comment(client, ("c3", "u1", "黑色有货了吗"))
    assert again["results"][0]["waitlist"]["action"] == "already"


async def test_a_colour_with_one_size_left_joins_nobody(loaded, clock):
    client = loaded
    await focus(client)
    for number, sku in enumerate(BLACK[:-1]):
        await sell_out(client, sku, order_id=f"sellout-{number}")
    [result] = (await comment(client, ("c1", "u1", "黑色还有吗")))["results"]
    assert "2XL" in result["reply"] and "waitlist" not in result
