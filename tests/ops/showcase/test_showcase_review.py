"""The post-live review on the showcase session: per product and tier/role, against the scenario's arithmetic."""

from __future__ import annotations

import csv
import io

from tests.conftest import auth
from tests.ops.showcase import oracle, scenario
from tests.ops.showcase.stubs import DEMAND, ShowcaseDemand


async def test_review_per_product_and_tier_matches_the_scenario(app, client, clock) -> None:
    await scenario.play(client, clock)
    app.state.services.demand = ShowcaseDemand()
    report = (await client.get(f"/v1/streams/{scenario.MAIN}/report", headers=auth("ops"))).json()
    rows = {p["product_id"]: p for p in report["review"]["products"]}
    table = oracle.skus()
    first_sale = min(m for m, *_ in scenario.SALES if table[_[3]].product in rows)
    for pid, row in rows.items():
        skus = oracle.of(pid)
        available = sum(table[s].start for s in skus) + sum(q for _, s, q in scenario.RESTOCKS if s in skus) + sum(
            c - table[s].start for _, s, c in scenario.CORRECTIONS if s in skus)
        net = oracle.sales(set(skus)).net  # the SKUs' stock is shared by both rooms
        assert (row["available"], row["net_sold"]) == (available, net), pid
        assert row["sell_through"] == round(net / available, 3)
        asks = sum(i["asks"] for i in DEMAND[scenario.MAIN] if i["product_id"] == pid)
        assert row["asks"] == asks and row["asks_per_sale"] == (round(asks / net, 3) if net else None)
    assert rows["TS-11"]["first_sold_out_min"] == 64 - first_sale  # white L: order m-13 took the last units
    assert rows["TS-11"]["unmet_asks"] == 18 and rows["TS-11"]["next_show"] == "more"
    assert rows["BG-61"]["next_show"] == "less" and rows["BG-61"]["first_sold_out_min"] is None
    tiers = {g["tier"]: g for g in report["review"]["by_tier"]}
    assert tiers["A"]["products"] == 2 and tiers["A"]["net_sold"] == rows["TS-11"]["net_sold"] + rows["FL-21"]["net_sold"]
    roles = {g["role"]: g for g in report["review"]["by_role"]}
    assert roles["long_tail"]["products"] == 2 and roles["long_tail"]["stock_less"] == 2

    answer = await client.get(f"/v1/streams/{scenario.MAIN}/report?format=csv&table=review", headers=auth("ops"))
    lines = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert {r["product_id"]: r["next_show"] for r in lines if r["kind"] == "product"}["TS-11"] == "more"
    assert {r["product_id"] for r in lines if r["kind"] == "tier"} == {"A", "B", "C"}
    html = (await client.get(f"/v1/streams/{scenario.MAIN}/report?format=html", headers=auth("ops"))).text
    assert 'data-testid="review-products"' in html and 'data-product="TS-11"' in html and 'data-next="more"' in html
