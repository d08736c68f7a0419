"""Headless Chromium on /board: counts drop as orders land, sold-out turns red, cold products are flagged,
sorting by level puts sold-out products first. Screenshot: test-output/board.png."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.main import create_app
from tests.conftest import TEST_KEYS, auth
from tests.ops.live_server import LiveServer
from tests.ops.showcase import oracle, scenario
from tests.ops.showcase.stubs import DEMAND, ShowcaseAlerts, ShowcaseDemand
from tests.support.browser import chromium_page

pytestmark = pytest.mark.browser


@pytest.fixture
async def live(settings, redis, clock) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    app = create_app(settings, clock=clock)
    with LiveServer(app) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            await scenario.play(http, clock)
            app.state.services.demand, app.state.services.alerts = ShowcaseDemand(), ShowcaseAlerts()
            yield server.url, http


@pytest.fixture
async def page() -> AsyncIterator[Any]:
    async with chromium_page(1600, 1000) as opened:
        yield opened


async def _order(http: httpx.AsyncClient, order_id: str, sku: str, qty: int) -> None:
    body = {"order_id": order_id, "channel": "douyin", "buyer_id": f"b-{order_id}", "stream_id": scenario.MAIN,
            "lines": [{"sku": sku, "qty": qty}]}
    assert (await http.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201


def _count(room: str, sku: str) -> str:
    return f"[data-room='{room}'] [data-sku='{sku}'] .count"


async def test_board_follows_orders_live(live, page, output_dir: Path) -> None:
    url, http = live
    csp = (await http.get("/board")).headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    await page.goto(f"{url}/board#key={TEST_KEYS['ops']}")
    black_m = oracle.skus()["TS-11-BLK-M"].sellable
    await page.wait_for_function("([sel, n]) => document.querySelector(sel)?.textContent === String(n)",
                                 arg=[_count(scenario.MAIN, "TS-11-BLK-M"), black_m], timeout=20_000)
    assert await page.locator(f"[data-room='{scenario.MAIN}'] [data-product='BG-61'][data-cold='1']").count() == 1
    room = page.locator(f"[data-room='{scenario.MAIN}']")
    top = DEMAND[scenario.MAIN][0]
    assert f"{top['asks']}问" in await room.locator(".top-asks li").first.inner_text()
    assert f"{top['unmet_asks']}没买到" in await room.locator(".unmet-asks li").first.inner_text()
    assert await room.locator(".open-cards li").count() == 2  # the acknowledged card is not shown

    for i in range(5):  # a burst: 5 orders of 2
        await _order(http, f"burst-{i}", "TS-11-BLK-M", 2)
    await page.wait_for_function("([sel, n]) => document.querySelector(sel)?.textContent === String(n)",
                                 arg=[_count(scenario.MAIN, "TS-11-BLK-M"), black_m - 10], timeout=20_000)

    white_m = oracle.skus()["TS-11-WHT-M"].sellable
    variant = f"[data-room='{scenario.MAIN}'] [data-sku='TS-11-WHT-M']"
    assert await page.locator(variant).get_attribute("data-level") != "sold_out"
    before = await page.locator(variant).evaluate("n => getComputedStyle(n).backgroundColor")
    await _order(http, "sell-out", "TS-11-WHT-M", white_m)
    await page.wait_for_function("sel => document.querySelector(sel)?.dataset.level === 'sold_out'",
                                 arg=variant, timeout=20_000)
    after = await page.locator(variant).evaluate("n => getComputedStyle(n).backgroundColor")
    assert after != before
    # Viewers asking for the sold-out variant join its waitlist; the board's next snapshot shows them waiting.
    body = {"comments": [{"id": f"w{n}", "user_id": f"v{n}", "user_name": f"v{n}", "text": "T恤白色M还有吗"}
                         for n in range(2)]}
    assert (await http.post(f"/v1/streams/{scenario.MAIN}/comments", json=body,
                            headers=auth("integration"))).status_code == 200
    await page.wait_for_function("sel => document.querySelector(sel)?.textContent.includes('2人等')",
                                 arg=f"{variant} .waiting", timeout=30_000)
    assert "2人等" in await page.locator(f"[data-room='{scenario.MAIN}'] [data-testid=waitlist]").inner_text()
    # Colours recomputed in the page from pushed counts are the server's rule (the cards' one, tier-aware).
    snapshot = (await http.get(f"/v1/board?stream_id={scenario.MAIN}", headers=auth("ops"))).json()
    server = {v["sku"]: v["level"] for p in snapshot["rooms"][0]["products"] for v in p["variants"]}
    shown = dict(await page.locator(f"[data-room='{scenario.MAIN}'] .variant").evaluate_all(
        "nodes => nodes.map(n => [n.dataset.sku, n.dataset.level])"))
    assert shown == server

    await page.select_option("[data-testid=sort]", "level")
    levels = await page.locator(f"[data-room='{scenario.MAIN}'] .product").evaluate_all(
        "nodes => nodes.map(n => n.dataset.level)")
    rank = {"sold_out": 0, "critical": 1, "low": 2, "in_stock": 3}
    assert [rank[x] for x in levels] == sorted(rank[x] for x in levels) and levels[0] == "sold_out"
    await page.screenshot(path=str(output_dir / "board.png"), full_page=True)

    await page.locator(f"[data-room='{scenario.MAIN}'] [data-product='TS-11']").click()
    await page.locator("[data-testid=detail-movements] tr").first.wait_for(timeout=20_000)
    await page.fill("[data-testid=action-value]", "7")
    await page.click("[data-testid=action-form] button")
    await page.locator("[data-testid=confirm]").wait_for(state="visible", timeout=20_000)
    assert "Not applied yet" in await page.locator("[data-testid=proposal]").inner_text()
    await page.screenshot(path=str(output_dir / "board-detail.png"), full_page=True)
