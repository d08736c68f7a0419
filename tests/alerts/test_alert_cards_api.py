"""Cards over HTTP on the real app: list, acknowledge, per-stream settings, the host page, restarts."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.alerts.alert_helpers import alerts_only_app
from tests.conftest import SAMPLE_DATA, ManualClock, auth


@pytest.fixture
async def alerts_app(settings, redis, clock: ManualClock):
    patient = settings.model_copy(update={"alert_asking_timeout_s": 5.0})  # a busy CI box must not time it out
    async with alerts_only_app(patient, clock, background=False) as application:
        yield application


@pytest.fixture
async def http(alerts_app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=alerts_app), base_url="http://test") as client:
        catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
        lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
        assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        answer = await client.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                                  headers=auth("host"))
        assert answer.status_code == 200
        yield client


def engine(app: Any) -> Any:
    return app.state.services.alerts.engine


async def caught_up(app: Any) -> list[dict[str, Any]]:
    """The engine driven over what was written so far; the cards it published, as screens and webhooks get them."""
    return [card.public() for card in await engine(app).catch_up()]


async def sell_out(http: httpx.AsyncClient, sku: str, units: int, prefix: str = "o") -> None:
    for n in range(units):
        body = {"order_id": f"{prefix}{n}", "channel": "douyin", "buyer_id": f"b{n}", "stream_id": "demo-live",
                "lines": [{"sku": sku, "qty": 1}]}
        assert (await http.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201


async def test_cards_are_listed_newest_first_and_can_be_acknowledged(alerts_app, http) -> None:
    await sell_out(http, "DR-201-WHT-L", 5)
    await sell_out(http, "HD-101-APR-XL", 9, prefix="p")
    await caught_up(alerts_app)
    answer = await http.get("/v1/streams/demo-live/cards", headers=auth("host"))
    assert answer.status_code == 200
    cards = answer.json()["cards"]
    assert [c["product_id"] for c in cards] == ["HD-101", "DR-201"]
    card = cards[0]
    assert set(card) >= {"id", "product_id", "name_zh", "name_en", "level", "variants", "velocity_per_min",
                         "sellout_minutes", "asking", "line_zh", "line_en", "action", "created_ts", "updated_ts",
                         "acknowledged"}
    assert card["level"] == "sold_out" and card["acknowledged"] is False
    assert card["variants"][0] == {**card["variants"][0], "sku": "HD-101-APR-XL", "sellable": 0, "status": "sold_out"}
    acked = await http.post(f"/v1/streams/demo-live/cards/{card['id']}/ack", headers=auth("host"))
    assert acked.status_code == 200 and acked.json()["card"]["acknowledged"] is True
    again = (await http.get("/v1/streams/demo-live/cards", headers=auth("ops"))).json()["cards"]
    assert [c["acknowledged"] for c in again] == [True, False]


async def test_unknown_cards_and_bad_settings_are_named_errors(http) -> None:
    missing = await http.post("/v1/streams/demo-live/cards/card-nope/ack", headers=auth("host"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "card_not_found"
    bad = await http.put("/v1/streams/demo-live/alert-settings", json={"low_ratio": 3}, headers=auth("host"))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_alert_settings"
    assert "low_ratio" in bad.json()["error"]["message"]
    unknown = await http.put("/v1/streams/demo-live/alert-settings", json={"nope": 1}, headers=auth("host"))
    assert unknown.status_code == 422
    integration = await http.get("/v1/streams/demo-live/cards", headers=auth("integration"))
    assert integration.status_code == 403


async def test_settings_are_per_stream_and_take_effect(alerts_app, http) -> None:
    answer = await http.put("/v1/streams/demo-live/alert-settings", json={"max_cards_per_minute": 1},
                            headers=auth("ops"))
    assert answer.status_code == 200
    assert answer.json()["settings"]["max_cards_per_minute"] == 1
    assert answer.json()["overrides"] == {"max_cards_per_minute": 1}
    other = (await http.get("/v1/streams/other/alert-settings", headers=auth("host"))).json()
    assert other["settings"]["max_cards_per_minute"] == 6
    await sell_out(http, "DR-201-WHT-L", 5)
    await sell_out(http, "HD-101-APR-XL", 9, prefix="p")
    first = await caught_up(alerts_app)
    # Sold out is an escalation: both go out at once and raised, whatever the cap.
    assert sorted((c["product_id"], c["level"], c["raised"]) for c in first) == [
        ("DR-201", "sold_out", True), ("HD-101", "sold_out", True)]
    order = {"order_id": "bulk", "channel": "douyin", "buyer_id": "b", "stream_id": "demo-live",
             "lines": [{"sku": "HD-102-BLK-M", "qty": 160}]}
    assert (await http.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
    [quiet] = await caught_up(alerts_app)  # low, past the cap: on the list at once, not raised
    assert (quiet["product_id"], quiet["level"], quiet["raised"]) == ("HD-102", "low", False)
    listed = (await http.get("/v1/streams/demo-live/cards", headers=auth("host"))).json()["cards"]
    assert quiet["id"] in [c["id"] for c in listed]
    alerts_app.state.services.clock.advance(61)
    [raised] = await caught_up(alerts_app)  # a slot is free: the same card is raised now
    assert (raised["id"], raised["raised"]) == (quiet["id"], True)
    cleared = await http.put("/v1/streams/demo-live/alert-settings", json={"max_cards_per_minute": None},
                             headers=auth("ops"))
    assert cleared.json()["settings"]["max_cards_per_minute"] == 6 and cleared.json()["overrides"] == {}


async def test_the_audience_figure_comes_from_demand_when_it_is_there(alerts_app, http) -> None:
    class Demand:
        async def asking(self, stream_id: str, product_id: str, window_s: int = 300) -> dict[str, Any]:
            return {"questions": 9, "askers": 7, "variants": [{"colour": "white", "size": "L", "askers": 7}]}

    alerts_app.state.services.demand = Demand()
    await sell_out(http, "DR-201-WHT-L", 5)
    card = (await caught_up(alerts_app))[-1]
    assert card["asking"]["askers"] == 7 and card["facts"]["askers"] == 7

    class Broken:
        async def asking(self, stream_id: str, product_id: str, window_s: int = 300) -> dict[str, Any]:
            raise RuntimeError("demand is down")

    alerts_app.state.services.demand = Broken()
    await sell_out(http, "HD-101-APR-XL", 9, prefix="p")
    assert (await caught_up(alerts_app))[-1]["asking"] is None


async def test_a_restart_keeps_the_cards_and_does_not_repeat_them(settings, redis, clock: ManualClock) -> None:
    async with alerts_only_app(settings, clock, background=False) as first, \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=first), base_url="http://t") as http:
        catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
        await http.put("/v1/catalog", json=catalog, headers=auth("admin"))
        await http.put("/v1/streams/s1/lineup", json={"items": [{"link_no": 1, "product_id": "DR-201"}]},
                       headers=auth("host"))
        await sell_out(http, "DR-201-WHT-L", 4)  # 1 of 5 left: low (a burst in one second predicts nothing)
        assert [c["level"] for c in await caught_up(first)] == ["low"]
    async with alerts_only_app(settings, clock, background=False) as second, \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=second), base_url="http://t") as http:
        kept = (await http.get("/v1/streams/s1/cards", headers=auth("host"))).json()["cards"]
        assert [c["level"] for c in kept] == ["low"]
        body = {"order_id": "last", "channel": "douyin", "buyer_id": "z", "lines": [{"sku": "DR-201-WHT-L", "qty": 1}]}
        await http.post("/v1/orders", json=body, headers=auth("integration"))
        assert [c["level"] for c in await caught_up(second)] == ["sold_out"]  # not low again


async def test_the_host_page_is_a_public_shell(http) -> None:
    page = await http.get("/host/demo-live")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "demo-live" in page.text and "host-key" not in page.text and "line_zh" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    script = await http.get("/host-assets/host.js")
    assert script.status_code == 200 and "Authorization" in script.text
    assert (await http.get("/host-assets/secrets.txt")).status_code == 404
    assert (await http.get("/host/bad%20id")).status_code == 422
    escaped = await http.get("/host/a<b")
    assert escaped.status_code == 422


async def test_a_product_taken_off_the_lineup_leaves_the_list(alerts_app, http) -> None:
    await sell_out(http, "DR-201-WHT-L", 5)
    await caught_up(alerts_app)
    assert len((await http.get("/v1/streams/demo-live/cards", headers=auth("host"))).json()["cards"]) == 1
    await http.put("/v1/streams/demo-live/lineup", json={"items": [{"link_no": 1, "product_id": "HD-101"}]},
                   headers=auth("host"))
    assert (await http.get("/v1/streams/demo-live/cards", headers=auth("host"))).json()["cards"] == []
    await http.put("/v1/streams/demo-live/focus", json={"product_id": "DR-201"}, headers=auth("host"))
    assert len((await http.get("/v1/streams/demo-live/cards", headers=auth("host"))).json()["cards"]) == 1
