"""Cards reach the people responsible: level changes go to the webhooks, figures-only updates do not, and a
critical card nobody acknowledges goes to the escalation target after the stream's delay."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from redis.asyncio import Redis

from assistant.alerts.notify import CardNotifier, unacknowledged
from assistant.alerts.outbox import keys as outbox_keys
from tests.alerts.alert_helpers import alerts_only_app, grid_catalog, make_rig
from tests.alerts.outbox_helpers import make_sender
from tests.alerts.test_alert_cards_api import sell_out
from tests.conftest import SAMPLE_DATA, ManualClock, auth
from tests.support.webhook_receiver import WebhookReceiver


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().up()
    yield server
    server.down()


async def _rig_with_webhooks(redis: Redis, clock: ManualClock, receiver: WebhookReceiver):
    rig = await make_rig(redis, clock, grid_catalog(products=2, skus_per_product=1, on_hand=50), {"live": ["P00", "P01"]},
                         escalate_after_minutes=5)
    sender = make_sender(redis, clock, unacknowledged(rig.engine.store))
    rig.engine.notifiers.append(CardNotifier(sender.outbox, rig.engine.settings))
    await sender.add_target("ops", receiver.url("/ops"), levels=["low", "critical", "sold_out"])
    await sender.add_target("manager", receiver.url("/manager"), role="escalation")
    return rig, sender


def _paths(receiver: WebhookReceiver) -> list[tuple[str, str, str]]:
    return [(r.path, r.json()["kind"], r.json()["level"]) for r in receiver.received]


async def test_a_critical_card_nobody_acknowledges_is_escalated_once(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    rig, sender = await _rig_with_webhooks(redis, clock, receiver)
    await rig.sell("P00-BLA-M", 45, stream="live")  # 5 of 50 left: critical
    await rig.new_cards()
    await sender.dispatcher.step()
    assert _paths(receiver) == [("/ops", "card", "critical")]
    await sender.run_for(4 * 60, tick_s=30)  # under the 5 minutes: nobody escalated yet
    assert len(receiver.received) == 1
    await sender.run_for(90, tick_s=30)
    assert _paths(receiver)[1:] == [("/manager", "escalation", "critical")]
    escalation = receiver.received[1].json()
    assert escalation["payload"]["card"]["product_id"] == "P00" and "升级提醒" in escalation["text"]
    await sender.run_for(600, tick_s=60)
    assert len(receiver.received) == 2  # once


async def test_an_acknowledged_card_is_not_escalated_and_figure_updates_send_nothing(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    rig, sender = await _rig_with_webhooks(redis, clock, receiver)
    await rig.sell("P01-BLA-M", 45, stream="live")
    [card] = await rig.new_cards()
    clock.advance(60)
    await rig.engine.store.acknowledge("live", card["id"], int(clock()))
    await rig.sell("P01-BLA-M", 2, stream="live")  # 3 left: the card's figures change, its level does not
    await rig.new_cards()
    await sender.run_for(10 * 60, tick_s=30)
    assert _paths(receiver) == [("/ops", "card", "critical")]
    await rig.sell("P01-BLA-M", 3, stream="live")  # sold out: a new level, said at once
    await rig.new_cards()
    await sender.dispatcher.step()
    assert _paths(receiver)[-1] == ("/ops", "card", "sold_out")


async def test_ops_set_targets_and_read_delivery_status_over_http(loaded: httpx.AsyncClient) -> None:
    client = loaded
    bad = await client.put("/v1/webhooks/feishu-ops", json={"url": "ftp://x.example/hook"}, headers=auth("ops"))
    assert bad.status_code == 422
    body = {"url": "http://127.0.0.1:9/hook", "format": "feishu", "secret": "robot-secret-1",
            "streams": ["demo-live"], "levels": ["sold_out"]}
    answer = await client.put("/v1/webhooks/feishu-ops", json=body, headers=auth("ops"))
    assert answer.status_code == 200 and answer.json()["target"]["secret_set"] is True
    assert "secret" not in answer.json()["target"]
    assert (await client.put("/v1/webhooks/feishu-ops", json=body, headers=auth("host"))).status_code == 403
    listed = (await client.get("/v1/webhooks", headers=auth("ops"))).json()["targets"]
    assert [t["id"] for t in listed] == ["feishu-ops"] and "robot-secret-1" not in str(listed)
    deliveries = await client.get("/v1/webhooks/deliveries?status=failed", headers=auth("ops"))
    assert deliveries.status_code == 200 and deliveries.json() == {"deliveries": []}
    assert (await client.delete("/v1/webhooks/feishu-ops", headers=auth("admin"))).status_code == 200
    assert (await client.delete("/v1/webhooks/feishu-ops", headers=auth("admin"))).status_code == 404


async def test_a_card_saved_just_before_a_crash_reaches_the_outbox_once_after_the_restart(
        settings, redis: Redis, clock: ManualClock) -> None:
    async with (alerts_only_app(settings, clock, background=False) as first,
                httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://test") as http):
        catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
        lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
        assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        assert (await http.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                               headers=auth("host"))).status_code == 200
        engine = first.state.services.alerts.engine

        async def dies_before_the_relay(store, stream_id: str) -> int:
            return 0

        engine.notifiers[0].relay = dies_before_the_relay  # the process dies right after the card's save
        await sell_out(http, "HD-101-APR-XL", 9)
        await engine.catch_up()
        [card] = (await engine.store.latest_by_product("demo-live")).values()
        # What the card owes the webhooks was written in the card's own save, not in a second write after it.
        assert list(await engine.store.owed("demo-live")) == [f"card:demo-live:{card.id}:sold_out"]
    assert card.level == "sold_out" and await redis.xlen(outbox_keys.EVENTS) == 0  # not sent before the crash

    for _ in range(2):  # restarted, then restarted again
        async with alerts_only_app(settings, clock, background=False):
            pass
    events = [(f[b"kind"], json.loads(f[b"payload"])) for _, f in await redis.xrange(outbox_keys.EVENTS)]
    assert [(kind, c["id"], c["level"]) for kind, c in events] == [(b"card", card.id, "sold_out")]
    async with alerts_only_app(settings, clock, background=False) as third:
        assert await third.state.services.alerts.store.owed("demo-live") == {}  # settled once relayed
