"""A Redis stalled (SIGSTOP) past the client's time-out: the client sends the write again, Redis runs both copies
when it resumes, and still every write verb moves stock once and answers what the ledger shows."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter

import pytest

from assistant.ledger.answers import LedgerAnswer
from tests.conftest import SAMPLE_DATA, auth
from tests.faults.conftest import ExternalRedis, RedisLog, eventually
from tests.support.ledger_writes import with_order_hold_and_shipment

pytestmark = pytest.mark.slow
SKU = "HD-101-BLK-L"
CATALOG = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())

# verb -> (method, path, body, role, the log name of its script, the movement type it logs)
HTTP_WRITES = {
    "restock": ("POST", f"/v1/skus/{SKU}/restock", {"qty": 5}, "ops", "ledger restock", "restock"),
    "count": ("POST", f"/v1/skus/{SKU}/count", {"stock": 40}, "ops", "ledger correct_count", "correction"),
    "policy": ("PUT", f"/v1/skus/{SKU}/policy", {"policy": "safety_stock", "value": 3}, "ops", "ledger set_policy",
               "policy"),
    "incoming": ("POST", f"/v1/skus/{SKU}/incoming", {"shipment_id": "ship-2", "qty": 4, "eta_ms": 1_900_000_000_000},
                 "ops", "ledger add_incoming", "incoming"),
    "receive": ("POST", f"/v1/skus/{SKU}/incoming/ship-1/receive", None, "ops", "ledger receive_incoming", "restock"),
    "order": ("POST", "/v1/orders", {"order_id": "o-2", "channel": "douyin", "buyer_id": "b9",
                                     "lines": [{"sku": SKU, "qty": 1}]}, "integration", "ledger place_order", "sale"),
    "hold": ("POST", "/v1/holds", {"hold_id": "h-2", "channel": "douyin", "buyer_id": "b9",
                                   "lines": [{"sku": SKU, "qty": 1}]}, "integration", "ledger place_hold", "hold"),
}


@pytest.fixture
async def ready(loaded):
    return await with_order_hold_and_shipment(loaded, SKU)


async def _movements(client, kind: str) -> int:
    rows = (await client.get(f"/v1/skus/{SKU}/movements", headers=auth("ops"))).json()["movements"]
    return sum(1 for row in rows if row["type"] == kind)


async def _stalled(client, external: ExternalRedis, redis_log: RedisLog, script: str, call):
    """Runs `call` with Redis stopped until the client sent `script`, gave up waiting for its reply and will
    send it again: Redis then finds both copies when it resumes."""
    # Fresh pooled connections: one idle too long would be health-checked (PING) first, and stall there.
    assert (await client.get(f"/v1/skus/{SKU}", headers=auth("ops"))).status_code == 200
    external.pause()
    try:
        task = asyncio.ensure_future(call)
        await eventually(lambda: redis_log.saw(f"{script}: reply lost") or redis_log.saw(f"{script}): reply lost")
                         or task.done(), f"the client to send {script} and time out waiting for its reply")
        assert not task.done(), f"{script} finished while Redis was stopped: {task.result()}"
    finally:
        external.resume()
    return await task


@pytest.mark.parametrize("verb", sorted(HTTP_WRITES))
async def test_a_write_stalled_past_the_client_timeout_applies_once(ready, external, redis_log, verb) -> None:
    method, path, body, role, script, kind = HTTP_WRITES[verb]
    before = await _movements(ready, kind)
    answer = await _stalled(ready, external, redis_log, script, ready.request(method, path, json=body, headers=auth(role)))
    assert answer.status_code in (200, 201), answer.text
    assert answer.headers.get("Idempotent-Replayed") == "true", "Redis ran the re-sent copy second"
    assert await _movements(ready, kind) == before + 1, f"{verb} was applied more than once"
    detail = (await ready.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()
    if "sellable" in answer.json():
        assert answer.json()["sellable"] == detail["sellable"], "the answer disagrees with the ledger"


# These read the order's (hold's) lines first, so the stall is placed on the script itself: verb -> movement type
PREPARED = {"cancel_order": "cancel", "release_hold": "release", "confirm_hold": "sale"}


@pytest.mark.parametrize("verb", sorted(PREPARED))
async def test_a_cancel_release_or_confirm_stalled_past_the_client_timeout_applies_once(
    ready, app, external, redis_log, verb
) -> None:
    ledger = app.state.services.ledger
    prepare = {"cancel_order": lambda: ledger.cancel_call("o-1", "api"),
               "release_hold": lambda: ledger.release_call("h-1", "api"),
               "confirm_hold": lambda: ledger.confirm_call("h-1", "o-3", "api")}[verb]
    before = await _movements(ready, PREPARED[verb])
    answer = await _stalled(ready, external, redis_log, f"ledger {verb}", ledger.run_call(verb, await prepare(), LedgerAnswer))
    assert getattr(answer, "changed", True) is True and answer.http_status in (200, 201), answer
    assert answer.replayed, "the copy Redis ran second answers the first run's answer"
    assert await _movements(ready, PREPARED[verb]) == before + 1


async def test_a_catalog_load_stalled_mid_pipeline_resets_every_sku_once(ready, app, external, redis_log) -> None:
    """Stops Redis again and again during a big reset load until one pipeline's reply is lost (a stall may
    instead land on the SCRIPT EXISTS each pipeline starts with)."""
    ledger = app.state.services.ledger
    rows = [(f"BULK-{i}", "BULK", 5, 0) for i in range(20_000)]
    load = asyncio.ensure_future(_chunked_upserts(ledger, rows))
    while not redis_log.saw("upsert_sku): reply lost") and not load.done():
        external.pause()
        try:
            seen = len(redis_log.messages)
            await eventually(lambda seen=seen: len(redis_log.messages) > seen or load.done(), "the load to stall")
        finally:
            external.resume()
        await asyncio.sleep(random.uniform(0.01, 0.2))  # let the load run on, to be stopped at another point
    assert redis_log.saw("upsert_sku): reply lost"), "the load ended before a stall caught an upsert pipeline"
    assert await load == ["created"] * len(rows)
    loads = Counter(fields["sku"] for _, fields in await ledger.movements(count=100_000) if fields["type"] == "load")
    assert all(loads[sku] == 1 for sku, *_ in rows), "a SKU was loaded twice"


async def _chunked_upserts(ledger, rows) -> list[str]:
    answers: list[str] = []
    for start in range(0, len(rows), 50):
        answers += await ledger.upsert_skus(rows[start:start + 50], "admin", True, op_id="bulk-load")
    return answers
