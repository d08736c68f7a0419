"""Webhook targets cannot point the service at itself or its private network (SSRF), neither when set nor at
delivery (a name re-pointed after the check), and a target's credentials are never shown again."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from redis.asyncio import Redis

from assistant.alerts.outbox import Outbox
from assistant.alerts.outbox.address_guard import AddressGuard, refusal
from assistant.alerts.outbox.dispatcher import Dispatcher, RetryPolicy
from assistant.alerts.outbox.targets import WebhookTargets
from assistant.main import create_app
from tests.alerts.outbox_helpers import make_sender
from tests.conftest import ManualClock, auth
from tests.support.waiting import eventually
from tests.support.webhook_receiver import WebhookReceiver

REFUSED_URLS = ["http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost/hook",
                "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "https://10.0.0.5/hook",
                "http://192.168.1.20:9000/x", "http://100.64.0.1/x", "http://0.0.0.0/x", "http://[fe80::1]/x"]


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().up()
    yield server
    server.down()


@pytest.fixture
async def guarded(settings, redis: Redis, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    """The app as shipped: private addresses not allowed (the other tests allow them for their receivers)."""
    app = create_app(settings.model_copy(update={"webhook_allow_private_addresses": False}), clock=clock)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http):
        yield http


@pytest.mark.parametrize("url", REFUSED_URLS)
async def test_a_target_on_a_private_or_local_address_is_refused_naming_the_url(guarded, url) -> None:
    answer = await guarded.put("/v1/webhooks/ops-robot", json={"url": url}, headers=auth("ops"))
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "webhook_url_refused" and error["message"].startswith("url: ")
    assert error["details"]["problems"][0]["field"] == "url"
    assert "ALLOW_PRIVATE_ADDRESSES" in error["message"]
    assert (await guarded.get("/v1/webhooks", headers=auth("ops"))).json()["targets"] == []


async def test_the_cloud_metadata_address_is_named_as_link_local(guarded) -> None:
    answer = await guarded.put("/v1/webhooks/x", json={"url": "http://169.254.169.254/"}, headers=auth("admin"))
    assert "169.254.169.254 is a link-local address" in answer.json()["error"]["message"]
    named = await guarded.put("/v1/webhooks/x", json={"url": "http://localhost:6379/"}, headers=auth("admin"))
    assert "localhost resolves to 127.0.0.1" in named.json()["error"]["message"]


@pytest.mark.parametrize("url", ["https://93.184.216.34/hook", "https://hooks.example.test/x"])
async def test_a_public_address_or_a_name_not_resolvable_yet_is_accepted(guarded, url) -> None:
    answer = await guarded.put("/v1/webhooks/ops-robot", json={"url": url}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("url", ["http://", "http:///hook", "http://host:99999/x", "http://ho st/x",
                                 "http://host:port/x"])
async def test_a_url_without_a_usable_host_is_refused(guarded, url) -> None:
    answer = await guarded.put("/v1/webhooks/ops-robot", json={"url": url}, headers=auth("ops"))
    assert answer.status_code == 422 and answer.json()["error"]["details"]["problems"][0]["field"] == "url"


async def test_a_name_that_resolves_to_loopback_at_delivery_time_is_not_sent_to(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    """The target was accepted when its name pointed elsewhere (stored here with the check off); by the delivery
    it resolves to 127.0.0.1: nothing reaches the receiver, and the delivery says why and is retried."""
    sender = make_sender(redis, clock)
    await sender.add_target("rebound", f"http://localhost:{receiver.port}/hook", levels=["sold_out"])
    strict = Dispatcher(Outbox(redis, clock), WebhookTargets(redis, max_age_s=0), policy=RetryPolicy(timeout_s=3))
    await sender.outbox.enqueue("live-1", "card", {"id": "card-1", "level": "sold_out"}, level="sold_out")
    await strict.step()
    assert receiver.received == []
    [delivery] = await sender.outbox.deliveries()
    assert delivery["status"] == "retrying"
    assert delivery["last_error"].startswith("refused: localhost resolves to 127.0.0.1, which is a loopback")


async def test_a_delivery_goes_to_the_address_checked_with_the_name_as_host(
        redis: Redis, clock: ManualClock, receiver: WebhookReceiver) -> None:
    sender = make_sender(redis, clock)  # private addresses allowed, the request still bound to the resolved one
    await sender.add_target("by-name", f"http://localhost:{receiver.port}/hook", levels=["sold_out"])
    await sender.outbox.enqueue("live-1", "card", {"id": "card-1", "level": "sold_out"}, level="sold_out")
    await sender.dispatcher.step()
    [received] = receiver.received
    assert received.headers["Host"] == f"localhost:{receiver.port}"
    assert received.json()["payload"]["id"] == "card-1"


async def test_https_by_name_keeps_the_name_for_tls() -> None:
    pinned = await AddressGuard(allow_private=True).pin("https://localhost:8443/hook?x=1")
    assert pinned.url == "https://127.0.0.1:8443/hook?x=1"
    assert pinned.headers == {"Host": "localhost:8443"} and pinned.extensions == {"sni_hostname": "localhost"}
    literal = await AddressGuard().pin("https://93.184.216.34/hook")
    assert literal.url == "https://93.184.216.34/hook" and literal.headers == {}


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.2", "loopback"), ("169.254.169.254", "link-local"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.0.1", "private"), ("100.64.0.1", "private"), ("0.0.0.0", "unspecified"),
    ("::1", "loopback"), ("fc00::1", "private"), ("::ffff:10.0.0.1", "private"), ("224.0.0.1", "multicast"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None)])
def test_which_addresses_are_refused(address, kind) -> None:
    assert refusal(ipaddress.ip_address(address)) == kind


async def test_credentials_in_a_target_are_never_shown_again(
        loaded: httpx.AsyncClient, receiver: WebhookReceiver) -> None:
    """The secret, and the tokens an IM robot's URL carries, stay out of every answer, also after deliveries."""
    token, key = "a1b2c3d4e5f6a7b8c9d0", "KEY-9f8e7d6c5b4a"
    url = f"http://user:pa55word@127.0.0.1:{receiver.port}/hook/{token}?key={key}&debug=1"
    body = {"url": url, "secret": "s3cret-never-shown", "streams": ["*"], "kinds": ["card", "test"]}
    put = await loaded.put("/v1/webhooks/robot", json=body, headers=auth("ops"))
    assert put.status_code == 200, put.text
    shown = put.json()["target"]["url"]
    assert shown == f"http://***@127.0.0.1:{receiver.port}/hook/***c9d0?key=***5b4a&debug=***"
    alerts = loaded._transport.app.state.services.alerts  # type: ignore[attr-defined]
    await alerts.outbox.enqueue("demo-live", "test", {"hello": "world"})

    async def delivered() -> bool:
        return len(receiver.received) == 1 and bool(await alerts.outbox.deliveries(status="delivered"))

    await eventually(delivered, "the app's dispatcher delivered the event")
    [received] = receiver.received
    assert received.path == f"/hook/{token}?key={key}&debug=1"  # the real URL is what is sent to
    for path in ("/v1/webhooks", "/v1/webhooks/deliveries"):
        text = (await loaded.get(path, headers=auth("ops"))).text
        assert "s3cret-never-shown" not in text and token not in text and key not in text and "pa55word" not in text
    listed = (await loaded.get("/v1/webhooks", headers=auth("ops"))).json()["targets"][0]
    assert listed["secret_set"] is True and listed["recent"] == {"delivered": 1}
