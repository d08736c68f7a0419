"""The webhook outbox against a real receiver on 127.0.0.1: signed bodies, IM robot formats, a receiver that is
down for 30 s, a restart of the sender, and the delivery status ops read."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from redis.asyncio import Redis

from assistant.alerts.outbox.formats import DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER
from tests.alerts.outbox_helpers import make_sender
from tests.conftest import ManualClock
from tests.support.webhook_receiver import WebhookReceiver

SECRET = "s3cret-for-tests"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().up()
    yield server
    server.down()


def _verify_generic(headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does: recompute the HMAC over "<timestamp>.<body>" and compare in constant time."""
    expected = hmac.new(SECRET.encode(), f"{headers[TIMESTAMP_HEADER]}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers[SIGNATURE_HEADER], f"sha256={expected}")


async def test_generic_body_is_signed_and_a_tampered_body_fails_the_check(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    sender = make_sender(redis, clock)
    await sender.add_target("ops-hook", receiver.url(), secret=SECRET, levels=["sold_out"])
    event_id = await sender.outbox.enqueue("live-1", "card", {"id": "card-1", "level": "sold_out"}, level="sold_out")
    await sender.outbox.enqueue("live-1", "card", {"id": "card-2", "level": "low"}, level="low")  # not wanted
    await sender.dispatcher.step()
    [got] = receiver.received
    assert _verify_generic(got.headers, got.body)
    assert not _verify_generic(got.headers, got.body.replace(b"sold_out", b"low"))
    body = got.json()
    assert body["event_id"] == event_id and body["stream_id"] == "live-1" and body["payload"]["id"] == "card-1"
    assert got.headers[DELIVERY_HEADER] == f"{event_id}:ops-hook"


async def test_im_robots_get_their_own_bodies_and_signatures(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    receiver.answer = {"code": 0, "errcode": 0}
    sender = make_sender(redis, clock)
    for fmt in ("feishu", "dingtalk", "wecom", "slack"):
        await sender.add_target(fmt, receiver.url(f"/{fmt}?access_token=t"), format=fmt, secret=SECRET,
                                kinds=["back_in_stock_notice"])
    await sender.outbox.enqueue("live-1", "back_in_stock_notice", {},
                                text={"zh": "黑色L补货到了 <https://evil.example|点我>", "en": "Black L is back"})
    await sender.dispatcher.step()
    by_path = {urlparse(r.path).path: r for r in receiver.received}
    assert set(by_path) == {"/feishu", "/dingtalk", "/wecom", "/slack"}

    feishu = by_path["/feishu"].json()
    key = f"{feishu['timestamp']}\n{SECRET}".encode()
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert feishu["msg_type"] == "text" and feishu["content"]["text"].startswith("黑色L补货到了")

    query = parse_qs(urlparse(by_path["/dingtalk"].path).query)
    stamp = query["timestamp"][0]
    digest = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert query["sign"][0] == base64.b64encode(digest).decode()
    assert query["access_token"] == ["t"]
    assert by_path["/dingtalk"].json() == {"msgtype": "text", "text": {"content": feishu["content"]["text"]}}
    assert by_path["/wecom"].json()["msgtype"] == "text"
    slack = by_path["/slack"].json()["text"]
    assert "<https" not in slack and "&lt;https://evil.example|点我&gt;" in slack  # no live link in Slack


async def test_a_robot_that_answers_an_error_code_is_retried_not_counted_delivered(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    receiver.answer = {"code": 19021, "msg": "sign match fail"}
    sender = make_sender(redis, clock)
    await sender.add_target("feishu", receiver.url(), format="feishu", secret=SECRET, levels=["critical"])
    await sender.outbox.enqueue("live-1", "card", {"level": "critical", "name_zh": "卫衣", "name_en": "Hoodie",
                                                   "line_zh": "x", "line_en": "x", "variants": [],
                                                   "action": {"text_zh": "y", "text_en": "y"}}, level="critical")
    await sender.dispatcher.step()
    [delivery] = await sender.outbox.deliveries()
    assert delivery["status"] == "retrying" and "19021" in delivery["last_error"]
    receiver.answer = {"code": 0}
    await sender.run_for(2)
    [delivery] = await sender.outbox.deliveries()
    assert delivery["status"] == "delivered" and delivery["attempts"] == 2
    assert len(receiver.received) == 2


async def test_a_receiver_down_for_30_s_then_up_gets_every_alert_exactly_once(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    sender = make_sender(redis, clock)
    await sender.add_target("ops-hook", receiver.url(), secret=SECRET, levels=["critical", "sold_out"])
    receiver.down()
    sent = [await sender.outbox.enqueue("live-1", "card", {"n": n}, level="sold_out") for n in range(5)]
    await sender.run_for(30)  # down the whole time: every attempt refused, retried with back-off
    waiting = await sender.outbox.deliveries()
    assert {d["status"] for d in waiting} == {"retrying"} and len(waiting) == 5
    assert all(d["attempts"] >= 4 and "Connect" in d["last_error"] for d in waiting)
    later = await sender.outbox.enqueue("live-1", "card", {"n": 5}, level="sold_out")  # raised while down
    receiver.up()
    await sender.run_for(70)  # the longest back-off is 60 s
    ids = [r.json()["event_id"] for r in receiver.received]
    assert sorted(ids) == sorted([*sent, later])  # every alert, none twice
    assert {d["status"] for d in await sender.outbox.deliveries()} == {"delivered"}


async def test_a_restarted_sender_resends_nothing_already_delivered(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    first = make_sender(redis, clock)
    await first.add_target("ops-hook", receiver.url(), secret=SECRET, levels=["sold_out"])
    for n in range(3):
        await first.outbox.enqueue("live-1", "card", {"n": n}, level="sold_out")
    await first.dispatcher.step()
    assert len(receiver.received) == 3
    # A crash right after reading an event, before fanning it out: the restarted sender must still send it.
    crashed = await first.outbox.enqueue("live-1", "card", {"n": 3}, level="sold_out")
    assert [e["id"] for e in await first.dispatcher.outbox.read_events()] == [crashed]

    restarted = make_sender(redis, clock)
    restarted.dispatcher.outbox.claim_idle_ms = 0  # instead of waiting out the dead consumer's 30 s
    await restarted.run_for(120, tick_s=10)  # far past every lease and back-off
    ids = [r.json()["event_id"] for r in receiver.received]
    assert len(ids) == 4 and ids[-1] == crashed


async def test_the_same_dedupe_key_is_enqueued_once(redis: Redis, clock: ManualClock,
                                                    receiver: WebhookReceiver) -> None:
    sender = make_sender(redis, clock)
    await sender.add_target("notices", receiver.url(), kinds=["back_in_stock_notice"])
    first = await sender.outbox.enqueue("live-1", "back_in_stock_notice", {"sku": "A"}, dedupe_key="notice-1")
    again = await sender.outbox.enqueue("live-1", "back_in_stock_notice", {"sku": "A"}, dedupe_key="notice-1")
    await sender.dispatcher.step()
    assert first == again and len(receiver.received) == 1


def test_im_text_of_a_card_carries_its_line_figures_and_restock_plan() -> None:
    from assistant.alerts.outbox.dispatcher import message_text

    card = {"level": "low", "name_zh": "卫衣", "name_en": "Hoodie", "line_zh": "黑色L还能卖164单", "line_en": "164 left",
            "action": {"text_zh": "主推黑色L", "text_en": "Push black L"},
            "variants": [{"label_zh": "黑色L", "label_en": "black L", "sellable": 164,
                          "replenishment": {"tier": "red", "cover_hours": 30.5, "lead_hours": 240, "suggested_qty": 900}},
                         {"label_zh": "灰色L", "label_en": "grey L", "sellable": 0}]}
    event = {"kind": "card", "stream_id": "live-1", "payload": card, "text": {}}
    zh, en = message_text(event, "zh"), message_text(event, "en")
    assert "【库存低】卫衣" in zh and "灰色L：已售罄" in zh and "红灯" in zh and "建议补900件" in zh
    assert "[Low] Hoodie" in en and "lead time 240 h" in en
    escalation = message_text({**event, "kind": "escalation", "payload": {"card": card}}, "zh")
    assert escalation.startswith("【升级提醒】")
