"""The running app finishes orders spanning buckets that a worker left half done, without anyone calling sweep:
a crash between hold and decision sells nothing and holds nothing once the sweeper has been (before the holds'
TTL), a crash after the decision is rolled forward, and a retry of the order answers what was decided. The same
loop compacts order records past their cancel window."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from assistant.ledger import keys
from assistant.ledger.coordinator import OWN
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock, auth
from tests.ledger.test_ledger_buckets import BUCKETS, ROWS, figures, order

NOTHING = {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"ledger_buckets": BUCKETS, "cross_bucket_hold_seconds": 60,
                                       "ledger_sweep_interval_s": 0.1, "order_cancel_days": 0.01})


@pytest.fixture
async def ledger(app) -> Ledger:
    ledger: Ledger = app.state.services.ledger
    await ledger.upsert_skus(ROWS, "ops", reset=True)
    return ledger


async def _half_done(ledger: Ledger, order_id: str, *lines: tuple[str, int]) -> str:
    """What a worker that died after holding every bucket's lines leaves behind: the claim and the holds."""
    request = order(order_id, *lines)
    groups = await ledger.placement.group(request.merged_lines())
    claim_key = keys.order_claim(order_id, BUCKETS)
    await ledger.coordinator.claim(claim_key, request.fingerprint(), list(groups), "holding", what="order",
                                   hold=order_id + OWN, own=True)
    for bucket, bucket_lines in groups.items():
        await ledger.hold_in(bucket, order_id + OWN, request, bucket_lines, 60_000, "api", fp=f"{claim_key}:{bucket}")
    return claim_key


async def _until(condition: Callable[[], Awaitable[bool]], budget_s: float = 120) -> None:
    """Waits for the background loop to get there (a condition, not a time: generous for a busy machine)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget_s
    while not await condition():
        assert loop.time() < deadline, "the sweeper did not finish the order"
        await asyncio.sleep(0.05)


async def _state(ledger: Ledger, claim_key: str) -> str:
    raw = await ledger.redis.hget(claim_key, "state")
    return raw.decode() if raw else ""


async def test_a_crash_between_hold_and_decision_is_aborted_by_the_running_app(
        client, ledger: Ledger, clock: ManualClock) -> None:
    claim_key = await _half_done(ledger, "o-1", ("A1", 2), ("B1", 1))
    assert await figures(ledger) == {**NOTHING, "A1": (0, 2), "B1": (0, 1)}
    clock.advance(31)  # past the decision's deadline (half the TTL), the holds still live for 29 s
    await _until(lambda: _pending_done(ledger, claim_key))
    assert await _state(ledger, claim_key) == "aborted"
    # The abort is decided first (which ends the pending entry), then each bucket's hold is released: wait for
    # the releases. The app clock stays before the holds' TTL, so only the sweeper can have released them.
    await _until(lambda: _released(ledger))
    assert await figures(ledger) == NOTHING
    retry = await client.post("/v1/orders", json=_body("o-1", ("A1", 2), ("B1", 1)), headers=auth("integration"))
    assert retry.status_code == 409 and retry.json()["error"]["code"] == "order_timed_out"
    assert await figures(ledger) == NOTHING


async def test_a_crash_after_the_decision_is_rolled_forward_by_the_running_app(
        client, ledger: Ledger, clock: ManualClock) -> None:
    claim_key = await _half_done(ledger, "o-2", ("A1", 1), ("D1", 2))
    assert (await ledger.coordinator.decide(claim_key, "committed"))[0] == "committed"
    clock.advance(31)
    await _until(lambda: _pending_done(ledger, claim_key))
    assert await _state(ledger, claim_key) == "done"
    assert await figures(ledger) == {**NOTHING, "A1": (1, 0), "D1": (2, 0)}  # sold once, nothing held
    retry = await client.post("/v1/orders", json=_body("o-2", ("A1", 1), ("D1", 2)), headers=auth("integration"))
    assert retry.status_code == 201 and retry.headers.get("Idempotent-Replayed") == "true"
    assert await figures(ledger) == {**NOTHING, "A1": (1, 0), "D1": (2, 0)}


async def _released(ledger: Ledger) -> bool:
    return await figures(ledger) == NOTHING


async def _pending_done(ledger: Ledger, claim_key: str) -> bool:
    home = keys.bucket_for(claim_key.split(":oclaim:", 1)[1], BUCKETS)
    return await ledger.redis.zscore(keys.pending(home), claim_key) is None


def _body(order_id: str, *lines: tuple[str, int]) -> dict[str, object]:
    return {"order_id": order_id, "channel": "douyin", "buyer_id": "ana",
            "lines": [{"sku": sku, "qty": qty} for sku, qty in lines]}


async def test_workers_sweeping_the_same_orders_at_once_sell_each_once(ledger: Ledger, clock: ManualClock) -> None:
    """No leader: every worker sweeps (here the app's loop and two more workers at the same moment)."""
    committed = await _half_done(ledger, "o-3", ("A2", 2), ("D1", 1))
    await ledger.coordinator.decide(committed, "committed")
    holding = await _half_done(ledger, "o-4", ("A1", 1), ("B1", 2))
    clock.advance(31)
    workers = [Ledger(ledger.redis, clock=clock, buckets=BUCKETS) for _ in range(2)]
    await asyncio.gather(*(worker.sweep() for worker in workers))
    await _until(lambda: _pending_done(ledger, committed))
    await _until(lambda: _pending_done(ledger, holding))
    assert (await _state(ledger, committed), await _state(ledger, holding)) == ("done", "aborted")
    assert await figures(ledger) == {**NOTHING, "A2": (2, 0), "D1": (1, 0)}


async def test_the_running_app_compacts_orders_past_their_cancel_window(client, ledger: Ledger,
                                                                         clock: ManualClock) -> None:
    body = _body("o-5", ("A1", 1), ("B1", 1))  # spanning buckets: a record in each
    first = await client.post("/v1/orders", json=body, headers=auth("integration"))
    assert first.status_code == 201
    records = [keys.order(bucket, "o-5") for bucket in (await ledger.placement.buckets(["A1", "B1"])).values()]
    clock.advance(0.01 * 86400 + 1)

    async def compacted() -> bool:
        return not any([await ledger.redis.hexists(record, "lines") for record in records])

    await _until(compacted)
    again = await client.post("/v1/orders", json=body, headers=auth("integration"))
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert await figures(ledger) == {**NOTHING, "A1": (1, 0), "B1": (1, 0)}
