"""GET /v1/streams/{id}/demand (filters), the CSV export and the session roll-up, through the real app."""

from __future__ import annotations

import csv
import io

from assistant.demand.events import AskEvent, AskPublisher
from tests.conftest import auth

LIVE = "demo-live"


def _ask(clock, user: str, colour: str | None, size: str | None, *, product: str = "HD-101",
         status: str = "in_stock", **extra) -> AskEvent:
    sku = f"{product}-{ {'black': 'BLK', 'apricot': 'APR', 'grey': 'GRY'}[colour]}-{size}" if colour and size else None
    return AskEvent(stream_id=LIVE, comment_id=f"{user}-{clock()}", user_id=user, text=f"{colour}{size}有吗",
                    intent="availability", language="zh", ts_ms=int(clock()), product_id=product, colour=colour,
                    size=size, sku=sku, status=status, **extra)


async def _publish(redis, events: list[AskEvent]) -> None:
    """As the comment pipeline does: XADD to sa:asks; the service counts them on its own."""
    await AskPublisher(redis).publish(events)


async def _scenario(client, redis, clock) -> None:
    await _publish(redis, [_ask(clock, f"a{i}", "apricot", "L", status="sold_out") for i in range(6)])
    clock.advance(20 * 60)
    await _publish(redis, [_ask(clock, f"b{i}", "black", "L") for i in range(4)]
                   + [_ask(clock, "b0", "black", "L")]
                   + [_ask(clock, f"g{i}", "grey", "M") for i in range(2)]
                   + [_ask(clock, "p1", None, None, unknown_colour="紫色")])
    order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "stream_id": LIVE,
             "lines": [{"sku": "HD-101-BLK-L", "qty": 2}]}
    assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201


async def test_demand_endpoint_ranks_filters_and_counts_sales_of_the_room(loaded, redis, clock):
    client = loaded
    await _scenario(client, redis, clock)
    answer = await client.get(f"/v1/streams/{LIVE}/demand", headers=auth("host"))
    assert answer.status_code == 200
    body = answer.json()
    ranked = [(r["colour"], r["size"], r["asks"], r["askers"]) for r in body["items"]]
    assert ranked == [("apricot", "L", 6, 6), ("black", "L", 5, 4), ("grey", "M", 2, 2)]
    apricot, black = body["items"][0], body["items"][1]
    assert apricot["sku"] == "HD-101-APR-L" and apricot["unmet_asks"] == 6
    assert [f["kind"] for f in apricot["flags"]] == ["unmet"] and apricot["flags"][0]["restock_estimate"] >= 1
    assert black["sales"] == 2 and black["asks_to_sales"] == 2.5
    assert body["not_offered"][0]["label"] == "紫色" and body["not_offered"][0]["asks"] == 1

    recent = (await client.get(f"/v1/streams/{LIVE}/demand?window=10m", headers=auth("ops"))).json()
    assert [r["colour"] for r in recent["items"]] == ["black", "grey"] and recent["window"] == "10m"
    flagged = (await client.get(f"/v1/streams/{LIVE}/demand?flagged=true", headers=auth("ops"))).json()
    assert [r["colour"] for r in flagged["items"]] == ["apricot"]
    other = (await client.get(f"/v1/streams/{LIVE}/demand?product_id=DR-201", headers=auth("ops"))).json()
    assert other["items"] == []


async def test_csv_export_and_session_roll_up(loaded, redis, clock):
    client = loaded
    await _scenario(client, redis, clock)
    answer = await client.get(f"/v1/streams/{LIVE}/demand.csv?window=session", headers=auth("ops"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [(r["row"], r["sku"], r["asks"]) for r in rows[:3]] == [
        ("item", "HD-101-APR-L", "6"), ("item", "HD-101-BLK-L", "5"), ("item", "HD-101-GRY-M", "2")]
    assert rows[0]["flags"] == "unmet" and rows[0]["name"] == "联名款连帽卫衣"
    assert (rows[-1]["row"], rows[-1]["kind"], rows[-1]["name"]) == ("not_offered", "colour", "紫色")

    clock.advance(6 * 3600)  # the live room has long ended
    session = await client.get(f"/v1/streams/{LIVE}/demand/session", headers=auth("host"))
    assert session.status_code == 200
    body = session.json()
    assert body["totals"]["questions"] == 14 and body["totals"]["sales"] == 2
    assert [r["asks"] for r in body["items"]] == [6, 5, 2] and body["retention_hours"] == 72
    assert 0 < body["expires_in_s"] <= 72 * 3600
    missing = await client.get("/v1/streams/never-live/demand/session", headers=auth("host"))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "no_demand"


async def test_roles_and_bad_filters(loaded):
    client = loaded
    assert (await client.get(f"/v1/streams/{LIVE}/demand")).status_code == 401
    assert (await client.get(f"/v1/streams/{LIVE}/demand", headers=auth("integration"))).status_code == 403
    assert (await client.get(f"/v1/streams/{LIVE}/demand.csv", headers=auth("admin"))).status_code == 403
    for query, name in (("window=soon", "window"), ("window=999h", "window"), ("flagged=maybe", "flagged"),
                        ("product_id=bad id!", "product_id")):
        answer = await client.get(f"/v1/streams/{LIVE}/demand?{query}", headers=auth("ops"))
        assert answer.status_code == 422, query
        assert name in answer.json()["error"]["message"], answer.json()
    empty = await client.get(f"/v1/streams/{LIVE}/demand", headers=auth("ops"))
    assert empty.status_code == 200 and empty.json()["items"] == []


async def test_comments_posted_by_the_integration_become_demand(app, loaded, clock):
    client = loaded
    await client.put(f"/v1/streams/{LIVE}/focus", json={"product_id": "HD-101"}, headers=auth("host"))
    comments = [{"id": f"c{i}", "user_id": f"viewer{i}", "text": "黑色L码还有吗"} for i in range(5)]
    answer = await client.post(f"/v1/streams/{LIVE}/comments", json={"comments": comments},
                               headers=auth("integration"))
    assert answer.status_code == 200
    items = (await client.get(f"/v1/streams/{LIVE}/demand", headers=auth("host"))).json()["items"]
    assert (items[0]["sku"], items[0]["asks"], items[0]["askers"]) == ("HD-101-BLK-L", 5, 5)
    card = await app.state.services.demand.asking(LIVE, "HD-101")
    assert card["questions"] == 5 and card["variants"][0]["colour"] == "black"
