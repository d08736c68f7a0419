"""Headless Chromium: a question on /ops shows its figures; the report page's totals match the ledger."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.main import create_app
from assistant.ops.stock_figures import date_time_text
from tests.conftest import SAMPLE_DATA, TEST_KEYS, auth
from tests.ops import oracle
from tests.ops.live_server import LiveServer
from tests.ops.scenario import play
from tests.support.browser import chromium_page

pytestmark = pytest.mark.browser


@pytest.fixture
async def live(settings, redis, clock) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    with LiveServer(create_app(settings, clock=clock)) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
            lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
            assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
            assert (await http.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]},
                                   headers=auth("host"))).status_code == 200
            await play(http, clock)
            yield server.url, http


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    async with chromium_page(1100, 900) as opened:
        yield opened


async def test_console_answers_with_figures(live, page, output_dir: Path) -> None:
    url, _ = live
    await page.goto(f"{url}/ops#key={TEST_KEYS['ops']}")
    await page.fill("[data-testid=question]", "黑色卫衣L码还剩多少")
    await page.click("[data-testid=send]")
    answer = page.locator("[data-testid=answer][data-done='1']")
    await answer.wait_for(timeout=20_000)
    text = await answer.inner_text()
    expected = oracle.skus()
    assert str(expected["HD-101-BLK-L"].sellable) in text and str(expected["HD-102-BLK-L"].sellable) in text
    assert "stock_of" in await page.locator("[data-testid=tool-calls]").inner_text()
    await page.fill("[data-testid=question]", "哪些快卖完了")
    await page.click("[data-testid=send]")
    await page.locator("[data-testid=answer][data-done='1']").nth(1).wait_for(timeout=20_000)
    assert await page.locator("[data-testid=answer] table").count() == 1  # the list is rendered as a table
    await page.screenshot(path=str(output_dir / "ops-console.png"), full_page=True)


async def test_report_page_totals_match_the_ledger(live, page, clock, settings, output_dir: Path) -> None:
    url, http = live
    eta = int(clock()) + 240 * 3_600_000  # a cross-border shipment on the way: the report shows it with its date
    shipment = {"shipment_id": "ship-77", "qty": 120, "eta_ms": eta}
    assert (await http.post("/v1/skus/SN-402-WHT-40/incoming", json=shipment, headers=auth("ops"))).status_code == 200
    await page.goto(f"{url}/v1/streams/demo-live/report.html#key={TEST_KEYS['ops']}")
    await page.locator("[data-total=sold]").wait_for(timeout=20_000)
    shown = {}
    for name in ("sold", "cancelled", "net_sold", "restocked", "expired_holds", "end_computed", "end_ledger", "sellable"):
        shown[name] = int(await page.locator(f"[data-total={name}]").inner_text())
    ledger = {"sold": 0, "cancelled": 0, "restocked": 0, "expired": 0, "stock": 0, "sellable": 0}
    for sku in oracle.lineup_skus():
        detail = (await http.get(f"/v1/skus/{sku}", headers=auth("ops"))).json()
        for counter in ("sold", "cancelled", "restocked", "expired"):
            ledger[counter] += detail["counters"][counter]
        ledger["stock"] += detail["stock"]
        ledger["sellable"] += detail["sellable"]
    assert shown["net_sold"] == ledger["sold"] and shown["cancelled"] == ledger["cancelled"]
    assert shown["restocked"] == ledger["restocked"] and shown["expired_holds"] == ledger["expired"]
    assert shown["end_ledger"] == shown["end_computed"] == ledger["stock"]
    assert shown["sellable"] == ledger["sellable"]
    assert await page.locator("[data-testid=oversell]").inner_text() == "0"
    assert "OK" in await page.locator("[data-testid=reconciliation]").inner_text()
    assert await page.locator("[data-testid=curve] polyline").count() == 1
    planned = page.locator("[data-testid=replenishment] tr[data-sku='SN-402-WHT-40']")
    assert await planned.locator("[data-field=next_shipment_qty]").inner_text() == "120"
    assert await planned.locator("[data-field=incoming]").inner_text() == "120"
    eta_text = await planned.locator("[data-field=next_shipment_eta]").inner_text()
    assert eta_text == date_time_text(eta, settings.ops_utc_offset_minutes)  # shop-local date, not just a clock time ten days out
    await page.screenshot(path=str(output_dir / "ops-report.png"), full_page=True)


async def test_catalog_text_never_becomes_a_live_link_or_markup(live, page) -> None:
    url, http = live
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    hostile = {"id": "EV-1", "name": {"zh": "[x](//evil.example/login)", "en": "<img src=x onerror=alert(1)>"},
               "aliases": ["诱饵"], "variants": [{"sku": "EV-1-ONE", "on_hand": 7}]}
    catalog["products"].append(hostile)
    assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
            else None)
    await page.goto(f"{url}/ops#key={TEST_KEYS['ops']}")
    for question in ("EV-1还剩多少", "how many EV-1 left"):
        await page.fill("[data-testid=question]", question)
        await page.click("[data-testid=send]")
    answers = page.locator("[data-testid=answer][data-done='1']")
    await answers.nth(1).wait_for(timeout=20_000)
    assert "[x](//evil.example/login)" in await answers.nth(0).inner_text()  # shown as the text it is
    assert "<img src=x onerror=alert(1)>" in await answers.nth(1).inner_text()
    assert await page.locator("[data-testid=log] a").count() == 0
    assert await page.locator("[data-testid=log] img").count() == 0
    assert violations == []  # the page's own script and style run under its policy
