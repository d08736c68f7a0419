"""The post-live report: totals from the movement stream, reconciled with the ledger; CSV and HTML."""

from __future__ import annotations

import csv
import io

from assistant.ledger.service import Ledger
from tests.conftest import auth
from tests.ops import oracle, scenario
from tests.ops.scenario import play


async def test_report_reconciles_the_replayed_session(loaded, clock) -> None:
    await play(loaded, clock)
    response = await loaded.get("/v1/streams/demo-live/report", headers=auth("ops"))
    assert response.status_code == 200, response.text
    report = response.json()
    expected = oracle.skus()
    totals = report["totals"]
    assert totals["sold"] == sum(q for _, _, _, q in scenario.SALES)
    assert (totals["cancelled"], totals["restocked"], totals["corrections"], totals["expired_holds"]) == (3, 30, -2, 2)
    assert totals["sold_in_stream"] == totals["sold"] - totals["cancelled"]
    assert report["reconciliation"] == {"ok": True, "differences": []}
    assert report["oversell"]["count"] == 0
    rows = {r["sku"]: r for r in report["skus"]}
    assert len(rows) == len(expected)
    for sku, line in expected.items():
        assert (rows[sku]["end_ledger"], rows[sku]["sellable"]) == (line.stock, line.sellable), sku
        assert rows[sku]["end_computed"] == rows[sku]["end_ledger"], sku
    sold_out_now = {r["sku"] for r in report["sold_out"]}
    assert sold_out_now == {s for s, line in expected.items() if line.sellable == 0}
    timed = {r["sku"]: r["at"] for r in report["sold_out"] if r["at"]}
    assert set(timed) == {"HD-101-APR-XL", "DJ-701-PNK-XL"}  # the two that sold out during the session
    assert report["best_sellers"][0]["product_id"] == "MK-601" and report["best_sellers"][0]["units"] == 250
    assert report["curve"][0][1] == 0 and report["curve"][-1][1] == totals["net_sold"]


async def test_report_lists_differences_between_movements_and_ledger(loaded, clock, redis) -> None:
    await play(loaded, clock)
    counters = await Ledger(redis).counters_key("SN-402-WHT-40")
    await redis.hincrby(counters, "on_hand", -4)  # stock changed behind the ledger's back
    report = (await loaded.get("/v1/streams/demo-live/report", headers=auth("ops"))).json()
    assert report["reconciliation"]["ok"] is False
    assert report["reconciliation"]["differences"] == [
        {"sku": "SN-402-WHT-40", "field": "stock", "ledger": 36, "movements": 40, "note": "stock differs by -4"}]


async def test_report_csv_and_html(loaded, clock) -> None:
    await play(loaded, clock)
    as_csv = await loaded.get("/v1/streams/demo-live/report?format=csv", headers=auth("ops"))
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text.removeprefix("\ufeff"))))  # the BOM is for Excel
    assert rows[-1]["sku"] == "TOTAL" and int(rows[-1]["sold"]) == sum(q for _, _, _, q in scenario.SALES)
    assert {r["sku"] for r in rows[:-1]} == set(oracle.skus())
    html = await loaded.get("/v1/streams/demo-live/report?format=html", headers=auth("ops"))
    assert "<svg" in html.text and "<polyline" in html.text and 'data-total="sold"' in html.text
    page = await loaded.get("/v1/streams/demo-live/report.html")  # a public shell: data needs the key
    assert page.status_code == 200 and "Authorization" in page.text and "394" not in page.text


async def test_report_refusals(loaded) -> None:
    assert (await loaded.get("/v1/streams/nope/report", headers=auth("ops"))).status_code == 404
    assert (await loaded.get("/v1/streams/demo-live/report", headers=auth("host"))).status_code == 403
    assert (await loaded.get("/v1/streams/demo-live/report")).status_code == 401
