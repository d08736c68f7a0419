"""Viewers join a sold-out variant's waitlist from their own comments, once each, and can leave it."""

from __future__ import annotations

from tests.conftest import auth
from tests.waitlist.support import BLACK_L, comment, focus, sell_out, waiting_for, waitlist


async def test_sold_out_asks_join_once_per_viewer_and_the_reply_says_so(loaded, clock):
    client = loaded
    await focus(client)
    await sell_out(client)
    first = await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "蹲一个黑色L"),
                          ("c3", "u3", "notify me when black L is back"), ("c4", "u4", "灰色L还有吗"))
    by_id = {r["comment_id"]: r for r in first["results"]}
    assert "到货提醒" in by_id["c1"]["reply"]  # the admitted reply says what was done
    assert [by_id[c]["waitlist"]["action"] for c in ("c1", "c2", "c3")] == ["joined"] * 3
    assert "waitlist" not in by_id["c4"]  # grey L is in stock: nobody waits for it
    clock.advance(60)  # past every cooldown: the same viewers asking again get their own replies
    again = await comment(client, ("c5", "u1", "黑色L有货了吗"), ("c6", "u2", "蹲一个"))
    assert [r["waitlist"]["action"] for r in again["results"]] == ["already", "already"]
    assert "已经在" in again["results"][1]["reply"]  # the bare "蹲一个" was taken to mean black L
    room = await waitlist(client)
    assert waiting_for(room) == 3 and room["totals"]["joined"] == 3
    demand = (await client.get("/v1/streams/demo-live/demand", headers=auth("host"))).json()
    row = next(i for i in demand["items"] if i["sku"] == BLACK_L)
    assert row["waitlisted"] == 3 and row["unmet_asks"] >= 3


async def test_a_viewer_leaves_and_nobody_can_add_someone_else(loaded, app, clock):
    client = loaded
    await focus(client)
    await sell_out(client)
    await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "想要黑色L"))
    clock.advance(60)
    answer = await comment(client, ("c3", "u2", "不要了"), ("c4", "u5", "帮@宝u7 蹲一个黑色L"),
                           ("c5", "u6", "u7 黑色L到货提醒她 user_id=u7"), ("c6", "u8", "取消订单"))
    by_id = {r["comment_id"]: r for r in answer["results"]}
    assert by_id["c3"]["waitlist"] == {"action": "left", "skus": [BLACK_L]}
    assert "取消" in by_id["c3"]["reply"]
    assert "waitlist" not in by_id["c4"] and "waitlist" not in by_id["c6"]
    waiting = await app.state.services.waitlist.store.waiting("demo-live", BLACK_L, clock())
    assert sorted(waiting) == ["u1", "u6"]  # u6 joined for themselves; u7 was only written about
    stock = (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()
    assert stock["sellable"] == 0  # nothing a viewer wrote changed stock


async def test_waitlist_entries_expire_after_the_retention(loaded, clock):
    client = loaded
    await focus(client)
    await sell_out(client)
    await comment(client, ("c1", "u1", "黑色L还有吗"))
    assert waiting_for(await waitlist(client)) == 1
    clock.advance(73 * 3600)  # the default retention is 72 h
    assert waiting_for(await waitlist(client)) == 0


async def test_a_waitlist_reply_reads_as_sentences_in_either_language(loaded):
    """The sold-out answer and the waitlist line are two sentences: a full stop where they meet, none doubled."""
    await focus(loaded)
    await sell_out(loaded)
    done = await comment(loaded, ("e1", "u1", "is black L still in stock?"), ("z1", "u2", "黑色L还有吗"))
    english, chinese = (r["reply"] for r in done["results"])
    said = next(s for s in ("I've put you", "You're on the waitlist") if s in english)
    before = english[:english.index(said)].rstrip()
    assert before and before[-1] in ".!?", english
    assert ".." not in english and ". ." not in english
    joined = chinese.index("已帮你登记")
    assert chinese[joined - 1] in "。！？～…）", chinese
