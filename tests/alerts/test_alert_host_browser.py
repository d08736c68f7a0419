"""End to end on a real uvicorn: cards arrive over server-sent events, on the wire and on the host page."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.infra.embedded_redis import EmbeddedRedis, free_port
from tests.alerts.alert_helpers import serve_in_thread
from tests.conftest import SAMPLE_DATA, auth
from tests.support.redis_clients import sync_client

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(settings, redis_server: EmbeddedRedis) -> Iterator[str]:
    """The app (alerts wired, wall clock) on 127.0.0.1 with the sample catalog and lineup on demo-live."""
    import assistant.main as main

    sync_client(redis_server.url).flushall()
    saved = main.DOMAIN_WIRING
    main.DOMAIN_WIRING = (main.alerts_wiring,)  # the other parts are exercised by their own tests
    try:
        with serve_in_thread(main.create_app(settings), free_port()) as base, httpx.Client(base_url=base) as http:
            catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
            lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
            assert http.put("/v1/catalog", json=catalog, headers=auth("admin"), timeout=60).status_code == 200
            assert http.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                            headers=auth("host")).status_code == 200
            # The page is under test here, not the rate cap (tests/alerts/test_alert_rate_cap.py).
            assert http.put("/v1/streams/demo-live/alert-settings", json={"max_cards_per_minute": 60},
                            headers=auth("host")).status_code == 200
            yield base
    finally:
        main.DOMAIN_WIRING = saved


def sell(base: str, sku: str, units: int, prefix: str) -> None:
    with httpx.Client(base_url=base) as http:
        for n in range(units):
            body = {"order_id": f"{prefix}{n}", "channel": "douyin", "buyer_id": f"{prefix}b{n}",
                    "stream_id": "demo-live", "lines": [{"sku": sku, "qty": 1}]}
            assert http.post("/v1/orders", json=body, headers=auth("integration")).status_code == 201


def test_cards_arrive_over_server_sent_events(server: str) -> None:
    events: list[tuple[str, dict]] = []
    with httpx.Client(base_url=server, timeout=15) as http, http.stream(
            "GET", "/v1/streams/demo-live/cards/events", headers=auth("host")) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, json.loads(line.split(":", 1)[1])))
                if event == "snapshot":
                    assert events[0][1] == {"cards": []}
                    sell(server, "DR-201-WHT-L", 5, "sse")
                elif event == "card" and events[-1][1]["card"]["level"] == "sold_out":
                    break
    card = events[-1][1]["card"]
    assert card["product_id"] == "DR-201" and card["variants"][0]["sellable"] == 0


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if not found:
        pytest.skip("chromium not installed: install Debian's chromium (apt-get install chromium) to run this test")
    return found


@contextmanager
def host_page(server: str, height: int) -> Iterator[Any]:
    """Headless chromium on the host page of demo-live, connected (the key in the fragment)."""
    executable = chromium()
    playwright_api = pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": height})
            page.goto(f"{server}/host/demo-live#key=host-key")
            page.wait_for_selector("#status.live", timeout=15_000)
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_the_host_page_shows_a_card_live_and_acknowledges_it(server: str, output_dir: Path) -> None:
    with host_page(server, 900) as page:
        assert "key=" not in page.url  # the key left the address bar for localStorage
        sell(server, "HD-101-APR-XL", 9, "a")
        sell(server, "DR-201-WHT-L", 5, "b")
        page.locator("article.card.level-sold_out").nth(1).wait_for(timeout=15_000)  # both products
        first = page.locator("article.card").first
        assert "已售罄" in first.inner_text()
        card_id = first.get_attribute("data-card-id")
        first.locator("button.ack").click()
        page.wait_for_selector(f"article.card.acknowledged[data-card-id='{card_id}']", timeout=10_000)
        with httpx.Client(base_url=server) as http:
            cards = http.get("/v1/streams/demo-live/cards", headers=auth("host")).json()["cards"]
        assert next(c for c in cards if c["id"] == card_id)["acknowledged"] is True
        page.screenshot(path=str(output_dir / "host-page.png"), full_page=True)


def order(base: str, sku: str, qty: int, order_id: str) -> None:
    with httpx.Client(base_url=base) as http:
        body = {"order_id": order_id, "channel": "douyin", "buyer_id": order_id, "stream_id": "demo-live",
                "lines": [{"sku": sku, "qty": qty}]}
        assert http.post("/v1/orders", json=body, headers=auth("integration")).status_code == 201


def text_becomes(page, selector: str, expected: str) -> None:
    page.wait_for_function("([s, t]) => { const e = document.querySelector(s); return e && e.textContent.includes(t); }",
                           arg=[selector, expected], timeout=15_000)


@pytest.mark.browser
def test_counts_drop_live_on_the_page_and_a_sell_out_flashes(server: str, output_dir: Path) -> None:
    with httpx.Client(base_url=server) as http:
        assert http.put("/v1/streams/demo-live/focus", json={"product_id": "HD-101"},
                        headers=auth("host")).status_code == 200
        start = http.get("/v1/skus/HD-101-BLK-L", headers=auth("ops")).json()["sellable"]
    with host_page(server, 1200) as page:
        big = "#on-screen-variants li[data-sku='HD-101-BLK-L'] .sellable"
        text_becomes(page, big, str(start))
        for n in range(3):  # each order lands on the big on-screen count, pushed, no reload
            order(server, "HD-101-BLK-L", 1, f"live{n}")
            text_becomes(page, big, str(start - n - 1))

        order(server, "DR-201-RED-M", 35, "bulk")  # 8 of 43 left: a low card
        card_count = "article.card li[data-sku='DR-201-RED-M']"
        text_becomes(page, card_count, "还能卖8单")
        order(server, "DR-201-RED-M", 2, "two")
        text_becomes(page, card_count, "还能卖6单")  # the card's figure follows the ledger
        order(server, "DR-201-RED-M", 6, "last")  # sold out: the critical alarm
        page.wait_for_selector("article.card.level-sold_out.flash", timeout=15_000)
        assert "已售罄" in page.locator("article.card.level-sold_out").first.inner_text()
        page.screenshot(path=str(output_dir / "host-page-live.png"), full_page=True)

        page.locator("#alarm").click()  # switched off: the next sell-out shows without flashing
        assert page.locator("#alarm").get_attribute("aria-pressed") == "false"
        page.evaluate("document.querySelectorAll('.flash').forEach((e) => e.classList.remove('flash'))")
        sell(server, "HD-101-APR-XL", 9, "quiet")  # another product sells out
        page.locator("article.card.level-sold_out").nth(1).wait_for(timeout=15_000)
        assert page.locator(".flash").count() == 0
