"""Stock coming back makes one notice naming exactly the waiting viewers, delivered once on every path."""

from __future__ import annotations

from tests.conftest import auth
from tests.support.webhook_receiver import WebhookReceiver
from tests.waitlist.support import (
    BLACK_L,
    STREAM,
    comment,
    mentioned,
    restock,
    running,
    sell_out,
    sold_out_room,
)

VIEWERS = ["u1", "u2", "u3"]


async def _events(client) -> list[dict]:
    answer = await client.get(f"/v1/streams/{STREAM}/waitlist/events", headers=auth("integration"))
    assert answer.status_code == 200
    return answer.json()["events"]


async def _webhooks_sent(app, receiver: WebhookReceiver, at_least: int) -> list[dict]:
    """Steps the app's webhook dispatcher until the receiver has that many notices (bounded: no sleeping); one per
    event: the outbox is at-least-once, so a resend of the same delivery (same event id) counts once."""
    for _ in range(20):
        if len({r.json()["event_id"] for r in receiver.received}) >= at_least:
            break
        await app.state.services.alerts.dispatcher.step()
    return list({r.json()["event_id"]: r.json() for r in receiver.received}.values())


async def test_a_restock_makes_one_notice_delivered_once_on_both_paths_even_across_a_restart(
        settings, redis, clock):
    receiver = WebhookReceiver().up()
    async with running(settings, clock) as (app, client):
        await sold_out_room(client)
        hook = {"url": receiver.url(), "kinds": ["back_in_stock_notice"], "secret": "s3cret-key"}
        assert (await client.put("/v1/webhooks/waitlist-hook", json=hook, headers=auth("ops"))).status_code == 200
        await comment(client, *((f"c{i}", u, "黑色L还有吗") for i, u in enumerate(VIEWERS)))
        clock.advance(30)
        await comment(client, ("late", "u4", "灰色L还有吗"))  # asked about something in stock: not waiting
        await restock(client, 40)
        await app.state.services.waitlist.catch_up()
        [notice] = (await client.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host"))).json()["notices"]
        assert sorted(v["user_id"] for v in notice["viewers"]) == VIEWERS
        cards = (await client.get(f"/v1/streams/{STREAM}/cards", headers=auth("host"))).json()["cards"]
        [card] = [c for c in cards if c["level"] == "waitlist"]
        assert card["line_zh"] == "3位观众在等黑色L码，刚补货40件——现在说一声"
        [sent] = await _webhooks_sent(app, receiver, 1)
        assert sent["kind"] == "back_in_stock_notice" and sorted(sent["payload"]["viewers"]) == VIEWERS
    # The service stops before any comments response carried the notice; the next run delivers it once.
    async with running(settings, clock) as (app, client):
        await app.state.services.waitlist.catch_up()
        await redis.set("sa:wl:movement-cursor", "0-0")  # even a full replay of the ledger says nothing twice
        await app.state.services.waitlist.catch_up()
        clock.advance(30)
        first = await comment(client, ("c10", "u9", "主播好"))
        assert sorted(mentioned(first["notices"])) == VIEWERS
        assert all("有货" in part["reply"] and part["facts"][0]["sellable"] == 40 for part in first["notices"])
        second = await comment(client, ("c11", "u9", "主播好"))
        assert second["notices"] == []
        [event] = await _events(client)
        assert sorted(event["viewers"]) == VIEWERS and event["notice_id"] == notice["id"]
        assert len(await _webhooks_sent(app, receiver, 2)) == 1  # the replay sent no second webhook
        report = (await client.get(f"/v1/streams/{STREAM}/waitlist/report", headers=auth("ops"))).json()
        assert report["totals"]["notices"] == 1 and report["totals"]["notified"] == 3
    receiver.down()


async def test_the_reply_budget_and_the_notice_cooldown_apply_to_notices(settings, redis, clock):
    settings = settings.model_copy(update={"comment_reply_burst": 2.0, "comment_replies_per_minute": 6.0,
                                           "waitlist_notice_cooldown_s": 120.0})
    waiting = [f"v{i:02d}" for i in range(12)]
    async with running(settings, clock) as (app, client):
        await sold_out_room(client)
        for start in range(0, 12, 4):  # spread over time so the budget is full again when the stock returns
            await comment(client, *((f"c{u}", u, "黑色L还有吗") for u in waiting[start:start + 4]))
            clock.advance(60)
        await restock(client, 40)
        await app.state.services.waitlist.catch_up()
        carried: list[dict] = []
        for turn in range(6):
            carried += (await comment(client, (f"chat{turn}", "chatter", "主播好")))["notices"]
            assert len(carried) <= 2 + turn  # a burst of 2, then one reply every 10 s: never over the budget
            clock.advance(10)
        assert sorted(mentioned(carried)) == waiting  # every waiting viewer named once, 5 per reply at most
        assert all(len(part["mentions"]) <= 5 for part in carried) and len(carried) == 3
        # A second sell-out and return of the same variant right away waits for the variant's notice cooldown.
        await sell_out(client, order_id="sellout-2")
        await comment(client, ("c-late", "w1", "黑色L还有吗"))
        await restock(client, 5)
        await app.state.services.waitlist.catch_up()
        notices = (await client.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host"))).json()["notices"]
        assert len(notices) == 1
        clock.advance(61)  # 121 s after the first notice: the cooldown is over, the waiting return goes out
        await app.state.services.waitlist.catch_up()
        notices = (await client.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host"))).json()["notices"]
        assert [n["viewers"][0]["user_id"] for n in notices[:1]] == ["w1"] and len(notices) == 2


async def test_held_units_go_to_waiting_viewers_and_expire_back_into_stock(settings, redis, clock):
    async with running(settings, clock) as (app, client):
        await sold_out_room(client)
        put = await client.put(f"/v1/streams/{STREAM}/waitlist-settings", json={"hold_share": 0.5, "hold_minutes": 5},
                               headers=auth("host"))
        assert put.status_code == 200 and put.json()["settings"]["hold_share"] == 0.5
        await comment(client, *((f"c{u}", u, "黑色L还有吗") for u in ("h1", "h2", "h3", "h4")))
        await restock(client, 4)
        await app.state.services.waitlist.catch_up()
        [notice] = (await client.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host"))).json()["notices"]
        holds = [h for h in notice["holds"] if h["hold_id"]]
        assert [h["user_id"] for h in holds] == ["h1", "h2"]  # half of 4 units, earliest waiters first
        assert (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()["sellable"] == 2
        held_part, open_part = (await comment(client, ("chat", "u9", "主播好")))["notices"]
        assert held_part["mentions"] == ["h1", "h2"] and "各留1件，5分钟内下单有效" in held_part["reply"]
        assert [h["hold_id"] for h in held_part["holds"]] == [h["hold_id"] for h in holds]
        assert open_part["mentions"] == ["h3", "h4"] and "有货" in open_part["reply"]
        confirm = await client.post(f"/v1/holds/{holds[0]['hold_id']}/confirm", json={"order_id": "wl-order-1"},
                                    headers=auth("integration"))
        assert confirm.status_code in (200, 201), confirm.text
        clock.advance(5 * 60 + 1)  # h2 never buys: the unit goes back to everyone
        assert (await client.get(f"/v1/skus/{BLACK_L}", headers=auth("ops"))).json()["sellable"] == 3
        await app.state.services.waitlist.catch_up()
        report = (await client.get(f"/v1/streams/{STREAM}/waitlist/report", headers=auth("ops"))).json()
        assert report["totals"]["held"] == 2 and report["totals"]["bought_within_hold"] == 1
        assert report["totals"]["bought_after_notice"] == 1


async def test_a_notice_gone_stale_before_it_is_posted_is_not_posted_and_its_viewers_keep_waiting(
        settings, redis, clock):
    async with running(settings, clock) as (app, client):
        await sold_out_room(client)
        await comment(client, ("c1", "u1", "黑色L还有吗"))
        await restock(client, 1)
        await app.state.services.waitlist.catch_up()
        await sell_out(client, order_id="quick-buyer")  # someone else bought the unit before any response
        clock.advance(30)
        assert (await comment(client, ("c2", "u9", "主播好")))["notices"] == []  # no "in stock" that is false
        room = (await client.get(f"/v1/streams/{STREAM}/waitlist", headers=auth("host"))).json()
        assert [(r["sku"], r["waiting"]) for r in room["variants"]] == [(BLACK_L, 1)]
        clock.advance(120)  # past the variant's notice cooldown
        await restock(client, 3)
        await app.state.services.waitlist.catch_up()
        carried = (await comment(client, ("c3", "u9", "主播好")))["notices"]
        assert mentioned(carried) == ["u1"]


async def test_a_batch_sent_again_still_carries_the_notice_due_and_the_budget_it_left(settings, redis, clock):
    """The opening read (claims, budget, notice parts in one round trip) serves a batch whose every comment was
    answered before too: the retry gets its first results, the notice due now, and RateLimit headers that
    count the notice's reply."""
    async with running(settings, clock) as (app, client):
        await sold_out_room(client)
        await comment(client, *((f"c{i}", u, "黑色L还有吗") for i, u in enumerate(VIEWERS)))
        clock.advance(30)
        first = {"comments": [{"id": "again", "user_id": "u9", "text": "主播好"}]}
        answer = await client.post(f"/v1/streams/{STREAM}/comments", json=first, headers=auth("integration"))
        assert answer.json()["notices"] == []
        left_before = int(answer.headers["RateLimit-Remaining"])
        await restock(client, 40)
        await app.state.services.waitlist.catch_up()

        retried = await client.post(f"/v1/streams/{STREAM}/comments", json=first, headers=auth("integration"))

        assert retried.status_code == 200
        assert retried.json()["results"] == answer.json()["results"]  # the kept result, not answered again
        assert sorted(mentioned(retried.json()["notices"])) == VIEWERS
        assert int(retried.headers["RateLimit-Remaining"]) < left_before  # the notice's reply took budget
        again = await client.post(f"/v1/streams/{STREAM}/comments", json=first, headers=auth("integration"))
        assert again.json()["notices"] == []  # carried by one response only
