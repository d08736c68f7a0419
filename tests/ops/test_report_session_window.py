"""The report's window is the live session (the room's first to last stock movement, or the one asked for),
its CSV opens in Excel with Chinese intact, and its tables fit a phone and a desktop (headless Chromium)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import TEST_KEYS, auth
from tests.ops.scenario import play
from tests.ops.test_ops_browser import live, page  # noqa: F401 - the browser fixtures

REPORT = "/v1/streams/demo-live/report"


async def test_the_window_is_the_session_not_now(loaded, clock) -> None:
    played = await play(loaded, clock)
    clock.advance(22 * 60)  # the report is read long after the live ended
    report = (await loaded.get(REPORT, headers=auth("ops"))).json()
    room = [minute for minute, kind, _ in played.events if kind in ("sale", "cancel", "hold")]
    window = report["window"]
    assert window["start_ms"] == played.start_ms + min(room) * 60_000
    assert window["end_ms"] == played.start_ms + max(room) * 60_000 < clock.now_ms
    assert report["curve"][-1][0] == window["end_ms"] and report["curve"][-1][1] == report["totals"]["net_sold"]
    assert window["given"] is False


async def test_a_given_window_bounds_the_curve(loaded, clock) -> None:
    played = await play(loaded, clock)
    start, end = int(played.start_ms) + 5 * 60_000, int(played.start_ms) + 10 * 60_000
    report = (await loaded.get(REPORT, params={"start_ms": start, "end_ms": end}, headers=auth("ops"))).json()
    assert (report["window"]["start_ms"], report["window"]["end_ms"], report["window"]["given"]) == (start, end, True)
    assert all(start <= ts <= end for ts, _ in report["curve"])
    whole = (await loaded.get(REPORT, headers=auth("ops"))).json()
    assert report["curve"][-1][1] < whole["curve"][-1][1]  # fewer units sold by minute 10 than in the session


async def test_the_csv_carries_a_byte_order_mark_for_excel(loaded, clock) -> None:
    await play(loaded, clock)
    raw = (await loaded.get(REPORT, params={"format": "csv"}, headers=auth("ops"))).content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["sku"] and "卫衣" in "".join(r["name"] for r in rows)


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
async def test_the_report_tables_fit_a_phone_and_a_desktop(live, page, width, height,  # noqa: F811
                                                          output_dir: Path) -> None:
    url, _ = live
    await page.set_viewport_size({"width": width, "height": height})
    await page.goto(f"{url}/v1/streams/demo-live/report.html#key={TEST_KEYS['ops']}")
    await page.locator("[data-testid=skus]").wait_for(timeout=20_000)
    overflow = await page.evaluate("""() => {
        const wide = [...document.querySelectorAll('table, svg')].filter(e => e.getBoundingClientRect().right > innerWidth + 1);
        return {page: document.documentElement.scrollWidth - innerWidth, wide: wide.map(e => e.dataset.testid || e.tagName)};
    }""")
    assert overflow == {"page": 0, "wide": []}, overflow
    labels = await page.evaluate("""() => [...document.querySelectorAll('[data-testid=skus] tr[data-sku] td')]
        .slice(0, 13).map(td => getComputedStyle(td, '::before').content)""")
    if width < 700:  # one card per SKU, each figure labelled by its column
        assert '"sellable"' in labels and '"sku"' in labels, labels
    await page.screenshot(path=str(output_dir / f"ops-report-{width}.png"), full_page=True)
