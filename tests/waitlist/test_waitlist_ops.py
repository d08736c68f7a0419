"""Ops sees waitlists: the assistant answers "有多少人在等黑色L", the report counts them, rooms are listed."""

from __future__ import annotations

from tests.conftest import auth
from tests.waitlist.support import STREAM, comment, focus, sell_out


async def test_ops_ask_report_and_rooms_show_the_waitlist(loaded):
    client = loaded
    await focus(client)
    await sell_out(client)
    await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "蹲一个黑色L"))
    ask = await client.post("/v1/ops/ask", json={"question": "有多少人在等黑色L", "stream_id": STREAM},
                            headers=auth("ops"))
    assert ask.status_code == 200, ask.text
    answer = ask.json()
    assert [c["name"] for c in answer["tool_calls"]] == ["waitlist_sizes"]
    assert "**2**" in answer["answer"]
    english = (await client.post("/v1/ops/ask", json={"question": "how many viewers are waiting for black L",
                                                       "stream_id": STREAM}, headers=auth("ops"))).json()
    assert "**2**" in english["answer"]
    report = (await client.get(f"/v1/streams/{STREAM}/report", headers=auth("ops"))).json()
    assert report["waitlist"]["totals"]["joined"] == 2 and report["waitlist"]["totals"]["waiting_now"] == 2
    html = await client.get(f"/v1/streams/{STREAM}/report?format=html", headers=auth("ops"))
    assert 'data-testid="waitlist"' in html.text
    rooms = (await client.get("/v1/waitlist", headers=auth("ops"))).json()["rooms"]
    assert rooms == [{"stream_id": STREAM, "waiting": 2, "variants": 1}]
    assert (await client.get("/v1/waitlist", headers=auth("host"))).status_code == 403
