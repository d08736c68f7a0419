"""/metrics after orders, comments and a card: the service's own counters move as the traffic says."""

from __future__ import annotations

import asyncio

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import auth


async def _scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = await client.get("/metrics", headers=auth("admin"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(answer.text) for s in family.samples}


def _delta(before: dict, after: dict, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_metrics_need_the_admin_key(loaded):
    assert (await loaded.get("/metrics")).status_code == 401
    assert (await loaded.get("/metrics", headers=auth("ops"))).status_code == 403


async def test_orders_comments_and_cards_move_their_counters(loaded):
    before = await _scrape(loaded)
    for n in range(12):  # the sample's apricot XL has 9 to sell: 9 accepted, then refusals, then a sell-out card
        body = {"order_id": f"m{n}", "channel": "douyin", "buyer_id": f"b{n}", "stream_id": "demo-live",
                "lines": [{"sku": "HD-101-APR-XL", "qty": 1}]}
        await loaded.post("/v1/orders", json=body, headers=auth("integration"))
    comments = [{"id": "k1", "user_id": "u1", "text": "1号还有L码吗"}, {"id": "k2", "user_id": "u2", "text": "哈哈哈"},
                {"id": "k3", "user_id": "u3", "text": "1号还有L码吗"}]
    answer = await loaded.post("/v1/streams/demo-live/comments", json={"comments": comments},
                               headers=auth("integration"))
    assert answer.status_code == 200
    actions = [(r["action"], r["reason"].split(":")[0]) for r in answer.json()["results"]]
    assert (await loaded.post("/v1/ops/ask", json={"question": "哪些快卖完了"}, headers=auth("ops"))).status_code == 200

    after = await _scrape(loaded)
    for _ in range(200):  # the alert engine runs beside the requests: wait for its card, not a fixed time
        if _delta(before, after, "sa_cards_total", level="sold_out") >= 1:
            break
        await asyncio.sleep(0.05)
        after = await _scrape(loaded)

    accepted = _delta(before, after, "sa_orders_total", outcome="accepted", code="")
    refused = _delta(before, after, "sa_orders_total", outcome="refused", code="insufficient_stock")
    sellable = 9
    assert (accepted, refused) == (sellable, 12 - sellable)
    for action, reason in set(actions):
        assert _delta(before, after, "sa_comment_results_total", action=action, reason=reason) == actions.count(
            (action, reason))
    assert _delta(before, after, "sa_cards_total", level="sold_out") >= 1
    assert _delta(before, after, "sa_card_lag_seconds_count") >= 1
    assert _delta(before, after, "sa_http_requests_total", method="POST", route="/v1/orders", status="201") == 9
    assert _delta(before, after, "sa_llm_calls_total", backend="offline", outcome="ok") >= 1
    lag = [v for (name, labels), v in after.items() if name == "sa_consumer_lag_seconds"]
    assert lag and all(v >= 0 for v in lag)
