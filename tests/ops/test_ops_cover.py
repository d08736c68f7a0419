"""Ops ask when stock returns and how long it lasts: the shipment's date, days of cover, the reorder point."""

from __future__ import annotations

import csv
import io

from assistant.ops.stock_figures import date_time_text
from tests.conftest import auth


async def test_ops_hear_the_eta_and_the_days_of_cover(app, loaded) -> None:
    svc = app.state.services
    eta = int(svc.clock()) + 240 * 3_600_000  # a cross-border restock
    shipment = {"shipment_id": "ship-9", "qty": 300, "eta_ms": eta}
    assert (await loaded.post("/v1/skus/HD-101-BLK-L/incoming", json=shipment, headers=auth("ops"))).status_code == 200

    when = (await loaded.post("/v1/ops/ask", json={"question": "连帽卫衣黑色L什么时候补货"}, headers=auth("ops"))).json()
    assert [c["name"] for c in when["tool_calls"]] == ["incoming_stock"]
    assert "300" in when["answer"] and "ship-9" in when["answer"]
    assert date_time_text(eta, svc.settings.ops_utc_offset_minutes) in when["answer"]  # ten days away: the date too
    assert "约 **10.0** 天后" in when["answer"]  # not "约 14400 分钟后"

    for n in range(12):  # one order a minute
        svc.clock.advance(60)
        order = {"order_id": f"c{n}", "channel": "douyin", "buyer_id": f"b{n}", "lines": [{"sku": "HD-101-BLK-L", "qty": 1}]}
        assert (await loaded.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
    await svc.alerts.engine.catch_up()  # the pace the alert engine measured is the one ops hear

    asked = await loaded.post("/v1/ops/ask", json={"question": "连帽卫衣黑色L还够卖几天"}, headers=auth("ops"))
    answer = asked.json()
    assert [c["name"] for c in answer["tool_calls"]] == ["stock_cover"]
    assert "够卖" in answer["answer"] and "72.0 h" in answer["answer"] and "红灯" in answer["answer"]
    assert "300" in answer["answer"]  # the shipment on the way
    english = (await loaded.post("/v1/ops/ask", json={"question": "days of cover for the hoodie black L?"},
                                 headers=auth("ops"))).json()
    assert english["tool_calls"][0]["name"] == "stock_cover" and "reorder point" in english["answer"]

    report = (await loaded.get("/v1/streams/demo-live/report", headers=auth("ops"))).json()
    plan = report["replenishment"]
    assert plan["available"] and plan["items"][0]["sku"] == "HD-101-BLK-L"
    assert plan["items"][0]["tier"] == "red" and plan["items"][0]["suggested_qty"] > 0
    assert plan["items"][0]["next_shipment_qty"] == 300

    # the same figures in the CSV (every SKU has the columns) and the HTML report
    as_csv = await loaded.get("/v1/streams/demo-live/report?format=csv", headers=auth("ops"))
    assert as_csv.text.startswith("\ufeff")  # the byte-order mark Excel needs for Chinese
    rows = {r["sku"]: r for r in csv.DictReader(io.StringIO(as_csv.text.removeprefix("\ufeff")))}
    row, item = rows["HD-101-BLK-L"], plan["items"][0]
    assert row["tier"] == "red" and int(row["suggested_qty"]) == item["suggested_qty"] > 0
    assert int(row["reorder_point"]) == item["reorder_point"] and float(row["cover_hours"]) == item["cover_hours"]
    assert int(row["red_at"]) == item["reorder_point"] // 2 and int(row["orange_at"]) == item["reorder_point"]
    assert row["incoming"] == "300" and row["next_shipment_qty"] == "300"
    assert row["next_shipment_eta"] == date_time_text(eta, svc.settings.ops_utc_offset_minutes)
    assert rows["HD-102-BLK-L"]["tier"] == "" and rows["HD-102-BLK-L"]["sellable"] != ""  # no pace, no plan
    html = (await loaded.get("/v1/streams/demo-live/report?format=html", headers=auth("ops"))).text
    assert 'data-testid="replenishment"' in html and '<tr data-sku="HD-101-BLK-L">' in html
    assert f'data-field="suggested_qty">{item["suggested_qty"]}<' in html and ">red<" in html
