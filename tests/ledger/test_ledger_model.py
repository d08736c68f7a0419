"""The ledger against a plain-Python model of it, driven by hypothesis through random sequences of verbs.

Invariants, with headroom H = on_hand - safety - sold - held (sellable is max(0, H)):
- Orders and holds take units only when qty <= sellable, so they leave H >= 0; confirms leave H unchanged;
  releases, expiries, cancels and restocks raise it. Only a count correction may lower H below zero, so
  after every other step H >= min(H before the step, 0), and H >= 0 whenever no correction pushed it below.
- Safety stock is never sold: a step in which sold grows ends with stock (on_hand - sold) >= safety.
- Units are conserved: start + restocked + corrected == on_hand, on_hand - sold == stock, and the movement
  stream reconciles (loads + restocks + corrections == on_hand, -(sales + cancels) == sold).
- Exactly one deduction per order id: the lines of the accepted order records add up to sold.
- A sale never takes a buyer past the buyer limit in force at that moment, and an order or hold never takes
  a channel's sold + held past its allocation (other channels never take units reserved for it).

Each SKU is its own product, so with several buckets (tests/ledger/test_ledger_models_on_cluster.py: the 3-master
cluster, 4 buckets) A and B sit in different buckets on different masters and every order or hold naming both
goes through the coordinator (per-bucket holds, the decision, per-bucket confirms); the model is the same.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from assistant.errors import AppError
from assistant.infra.embedded_redis import EmbeddedRedis
from assistant.infra.replies import entries
from assistant.ledger import keys
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest, SkuDetail, SkuStock
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.support.ledger_targets import LedgerTarget, one_redis

SKUS = ("A", "B")  # few, so that holds, orders and policies meet on the same SKU
BUYERS = ("ana", "bob", "cai")
CHANNELS = ("douyin", "site", "taobao")
Outcome = tuple[int, str, Any]  # (HTTP status, "ok" or error code, body or error details)
Lines = list[tuple[str, int]]
lines_st = st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 4)), min_size=1, max_size=3)
sale_st = {"lines": lines_st, "buyer": st.sampled_from(BUYERS), "channel": st.sampled_from(CHANNELS)}


@dataclass
class SkuModel:
    on_hand: int
    safety: int
    start: int
    sold: int = 0
    restocked: int = 0
    corrected: int = 0
    buyer_limit: int = 0
    bought: Counter[str] = field(default_factory=Counter)
    allocation: dict[str, int] = field(default_factory=dict)
    channel_sold: Counter[str] = field(default_factory=Counter)


@dataclass
class OrderRecord:
    fingerprint: str  # "hold:<id>" for orders made by confirming a hold, as the ledger stores it
    first: Outcome
    lines: Lines
    buyer: str
    channel: str
    status: str  # accepted, rejected, cancelled


@dataclass
class HoldRecord:
    request: HoldRequest
    expires_ms: int
    status: str = "held"  # held, confirmed, released, expired


class LedgerMachine(RuleBasedStateMachine):
    orders = Bundle("orders")
    holds = Bundle("holds")

    def __init__(self, target: LedgerTarget) -> None:
        super().__init__()
        target.flush()
        self.loop = asyncio.new_event_loop()
        self.redis = target.client()
        self.clock = ManualClock()
        self.ledger = Ledger(self.redis, clock=self.clock, buckets=target.buckets)
        self.skus: dict[str, SkuModel] = {}
        self.orders_by_id: dict[str, OrderRecord] = {}
        self.requests: dict[str, OrderRequest] = {}
        self.holds_by_id: dict[str, HoldRecord] = {}
        self.ids = 0
        self.corrected_this_step: set[str] = set()
        self.last_headroom: dict[str, int] = {}
        self.last_sold: dict[str, int] = {}
        self.moved: dict[str, Counter[str]] = {sku: Counter() for sku in SKUS}  # movement qty by type
        # one cursor per bucket's stream: entry ids of different streams (masters) are not one sequence
        self.last_movement = dict.fromkeys(keys.movement_streams(target.buckets), "-")

    def run(self, call: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(call)

    def outcome(self, call: Coroutine[Any, Any, dict[str, Any]]) -> Outcome:
        verb = call.__name__
        try:
            answer: Outcome = 201 if (body := self.run(call)).http_status == 201 else 200, "ok", body
        except AppError as error:
            answer = error.status_code, error.code, error.details
        event(f"{verb}: {answer[1]}")  # how often each branch ran, for a look with a custom event hook
        return answer

    def fresh_id(self, prefix: str) -> str:
        self.ids += 1
        return f"{prefix}-{self.ids}"

    def teardown(self) -> None:
        self.run(self.redis.aclose())
        self.loop.close()

    # --- the model's view -------------------------------------------------------------------
    def held(self, sku: str, channel: str | None = None) -> int:
        now = int(self.clock())
        return sum(line.qty for h in self.holds_by_id.values()
                   if h.status == "held" and h.expires_ms > now and channel in (None, h.request.channel)
                   for line in h.request.lines if line.sku == sku)

    def headroom(self, sku: str) -> int:
        m = self.skus[sku]
        return m.on_hand - m.safety - m.sold - self.held(sku)

    def channel_left(self, sku: str, channel: str) -> int:
        m = self.skus[sku]
        return max(0, m.allocation[channel] - m.channel_sold[channel] - self.held(sku, channel))

    def available(self, sku: str, channel: str) -> int:
        """Sellable minus what other channels still have reserved, and no more than the channel's own share."""
        others = sum(self.channel_left(sku, ch) for ch in self.skus[sku].allocation if ch != channel)
        pool = max(0, max(0, self.headroom(sku)) - others)
        return min(pool, self.channel_left(sku, channel)) if channel in self.skus[sku].allocation else pool

    def first_refusal(self, lines: Lines, buyer: str, channel: str, *, from_hold: bool) -> str | None:
        for sku, qty in lines:
            m = self.skus[sku]
            if not from_hold and qty > self.available(sku, channel):
                return "insufficient_stock"
            if m.buyer_limit and m.bought[buyer] + qty > m.buyer_limit:
                return "buyer_limit_exceeded"
            if from_hold and m.sold + qty > m.on_hand - m.safety:
                return "insufficient_stock"
        return None

    def book(self, lines: Lines, buyer: str, channel: str, sign: int) -> None:
        for sku, qty in lines:
            m = self.skus[sku]
            m.sold, m.bought[buyer], m.channel_sold[channel] = (
                m.sold + sign * qty, m.bought[buyer] + sign * qty, m.channel_sold[channel] + sign * qty)
            assert sign < 0 or not m.buyer_limit or m.bought[buyer] <= m.buyer_limit, "buyer limit broken"

    def assert_within_allocation(self, lines: Lines, channel: str) -> None:
        for sku, _ in lines:
            if channel in (m := self.skus[sku]).allocation:
                assert m.channel_sold[channel] + self.held(sku, channel) <= m.allocation[channel]

    # --- rules ------------------------------------------------------------------------------
    @initialize(stock=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.none() | st.integers(1, 8)),
                               min_size=len(SKUS), max_size=len(SKUS)))
    def load(self, stock: list[tuple[int, int, int | None]]) -> None:
        rows = [(sku, f"P-{sku}", on_hand + safety, safety) for sku, (on_hand, safety, _) in zip(SKUS, stock, strict=True)]
        self.run(self.ledger.upsert_skus(rows, "ops", reset=True))
        self.skus = {sku: SkuModel(on_hand=n, safety=s, start=n) for sku, _, n, s in rows}
        for sku, (_, _, douyin_share) in zip(SKUS, stock, strict=True):
            if douyin_share is not None:  # most runs start with a channel allocation in force
                self.set_allocation(sku, "douyin", douyin_share)

    @rule(target=orders, **sale_st)
    def place_order(self, lines: Lines, buyer: str, channel: str) -> str:
        request = OrderRequest(order_id=self.fresh_id("o"), channel=channel, buyer_id=buyer,
                               lines=[OrderLine(sku=s, qty=q) for s, q in lines])
        merged = request.merged_lines()
        expected = self.first_refusal(merged, buyer, channel, from_hold=False) or "ok"
        got = self.outcome(self.ledger.place_order(request, "api"))
        assert got[1] == expected, (got, expected)
        if expected == "ok":
            self.book(merged, buyer, channel, 1)
            self.assert_within_allocation(merged, channel)
        status = "accepted" if expected == "ok" else "rejected"
        self.orders_by_id[request.order_id] = OrderRecord(request.fingerprint(), got, merged, buyer, channel, status)
        self.requests[request.order_id] = request
        return request.order_id

    @rule(target=orders, qty=st.tuples(st.integers(1, 3), st.integers(1, 3)), buyer=sale_st["buyer"],
          channel=sale_st["channel"])
    def place_order_of_both(self, qty: tuple[int, int], buyer: str, channel: str) -> str:
        """Names both SKUs: with several buckets, always the coordinator's path (holds, decision, confirms)."""
        return self.place_order([("A", qty[0]), ("B", qty[1])], buyer, channel)

    @rule(order_id=orders, same_body=st.booleans(), other_buyer=st.sampled_from(BUYERS))
    def replay_order(self, order_id: str, same_body: bool, other_buyer: str) -> None:
        record = self.orders_by_id[order_id]
        request = self.requests.get(order_id) or OrderRequest(  # confirmed holds have no request body
            order_id=order_id, channel=record.channel, buyer_id=record.buyer,
            lines=[OrderLine(sku=s, qty=q) for s, q in record.lines])
        if not same_body:
            request = request.model_copy(update={"buyer_id": other_buyer + "-x"})
        got = self.outcome(self.ledger.place_order(request, "api"))
        if request.fingerprint() == record.fingerprint:
            assert got == record.first
        else:
            assert got[:2] == (409, "idempotency_conflict")

    @rule(order_id=orders)
    def cancel(self, order_id: str) -> None:
        record = self.orders_by_id[order_id]
        got = self.outcome(self.ledger.cancel_order(order_id, "ops"))
        expected = {"accepted": "ok", "cancelled": "ok", "rejected": "order_not_accepted"}[record.status]
        assert got[1] == expected and (expected != "ok" or got[2].changed == (record.status == "accepted"))
        if record.status == "accepted":
            self.book(record.lines, record.buyer, record.channel, -1)
            record.status = "cancelled"

    @rule(target=holds, ttl=st.sampled_from([30, 60, 90]), **sale_st)
    def place_hold(self, lines: Lines, buyer: str, channel: str, ttl: int) -> MultipleResults[str]:
        request = HoldRequest(hold_id=self.fresh_id("h"), channel=channel, buyer_id=buyer, ttl_seconds=ttl,
                              lines=[OrderLine(sku=s, qty=q) for s, q in lines])
        merged = OrderRequest(order_id="x", channel=channel, buyer_id=buyer, lines=request.lines).merged_lines()
        expected = self.first_refusal(merged, buyer, channel, from_hold=False) or "ok"
        got = self.outcome(self.ledger.place_hold(request, "api"))
        assert got[1] == expected, (got, expected)
        if expected != "ok":
            return multiple()  # a refused hold is not stored: its id would only ever answer hold_not_found
        merged_request = request.model_copy(update={"lines": [OrderLine(sku=s, qty=q) for s, q in merged]})
        self.holds_by_id[request.hold_id] = HoldRecord(merged_request, int(self.clock()) + ttl * 1000)
        self.assert_within_allocation(merged, channel)
        return multiple(request.hold_id)

    @rule(target=holds, qty=st.tuples(st.integers(1, 3), st.integers(1, 3)), buyer=sale_st["buyer"],
          channel=sale_st["channel"], ttl=st.sampled_from([30, 60]))
    def place_hold_of_both(self, qty: tuple[int, int], buyer: str, channel: str, ttl: int) -> MultipleResults[str]:
        """With several buckets, one hold per bucket under one id; its confirm goes through the coordinator."""
        return self.place_hold([("A", qty[0]), ("B", qty[1])], buyer, channel, ttl)

    @rule(target=orders, hold_id=holds, reuse=st.one_of(st.none(), orders))
    def confirm(self, hold_id: str, reuse: str | None) -> MultipleResults[str]:
        order_id = reuse or self.fresh_id("c")
        got = self.outcome(self.ledger.confirm_hold(hold_id, order_id, "api"))
        hold, existing = self.holds_by_id[hold_id], self.orders_by_id.get(order_id)
        if existing is not None:
            same = existing.fingerprint == f"hold:{hold_id}"
            assert got == existing.first if same else got[:2] == (409, "idempotency_conflict")
            return multiple()
        if hold.status != "held" or hold.expires_ms <= int(self.clock()):
            assert got[1] == "hold_not_active"
            return multiple()
        request = hold.request
        lines = [(line.sku, line.qty) for line in request.lines]
        expected = self.first_refusal(lines, request.buyer_id, request.channel, from_hold=True) or "ok"
        assert got[1] == expected, (got, expected)
        if expected != "ok":
            return multiple()  # a refused confirm is not remembered, so its order id names nothing
        hold.status = "confirmed"
        self.book(lines, request.buyer_id, request.channel, 1)
        self.orders_by_id[order_id] = OrderRecord(
            f"hold:{hold_id}", got, lines, request.buyer_id, request.channel, "accepted")
        return multiple(order_id)

    @rule(hold_id=holds)
    def release(self, hold_id: str) -> None:
        hold = self.holds_by_id[hold_id]
        got = self.outcome(self.ledger.release_hold(hold_id, "api"))
        live = hold.status == "held" and hold.expires_ms > int(self.clock())
        assert got[1] == "ok" and got[2].changed == live
        if hold.status == "held":
            hold.status = "released" if live else "expired"

    @rule(ms=st.integers(0, 60_000))
    def advance_clock(self, ms: int) -> None:
        self.clock.now_ms += ms

    @rule(hold_id=holds)
    def advance_to_hold_expiry(self, hold_id: str) -> None:
        hold = self.holds_by_id[hold_id]
        if hold.expires_ms > self.clock():
            self.clock.now_ms = hold.expires_ms  # the exact millisecond it stops counting

    @rule(sku=st.sampled_from(SKUS), qty=st.integers(1, 10))
    def restock(self, sku: str, qty: int) -> None:
        assert self.outcome(self.ledger.restock(sku, qty, "ops"))[1] == "ok"
        self.skus[sku].on_hand += qty
        self.skus[sku].restocked += qty

    @rule(sku=st.sampled_from(SKUS), new_stock=st.integers(0, 20), off_by=st.sampled_from([0, 0, -2, -1, 1, 3]))
    def correct(self, sku: str, new_stock: int, off_by: int) -> None:
        m = self.skus[sku]
        stock = m.on_hand - m.sold
        got = self.outcome(self.ledger.correct_count(sku, new_stock, "ops", expected_stock=stock + off_by))
        if off_by:
            assert got[:2] == (409, "stale_count") and got[2]["actual"] == stock
            return
        assert got[1] == "ok"
        m.on_hand += new_stock - stock
        m.corrected += new_stock - stock
        self.corrected_this_step.add(sku)

    @rule(sku=st.sampled_from(SKUS), limit=st.integers(0, 4))
    def set_buyer_limit(self, sku: str, limit: int) -> None:
        assert self.outcome(self.ledger.set_policy(sku, "buyer_limit", limit, "ops"))[1] == "ok"
        self.skus[sku].buyer_limit = limit

    @rule(sku=st.sampled_from(SKUS), channel=st.sampled_from(CHANNELS), units=st.none() | st.integers(0, 8))
    def set_allocation(self, sku: str, channel: str, units: int | None) -> None:
        assert self.outcome(self.ledger.set_policy(sku, "allocation", units, "ops", scope=channel))[1] == "ok"
        if units is None:
            self.skus[sku].allocation.pop(channel, None)
        else:
            self.skus[sku].allocation[channel] = units

    # --- invariants -----------------------------------------------------------------------------
    async def snapshot(self) -> tuple[dict[str, SkuStock | None], list[SkuDetail], Counter[str], list[dict[str, int]]]:
        """Everything the invariants compare, read concurrently so each step costs a few round trips."""
        stocks, details, records, moves, where = await asyncio.gather(
            self.ledger.read(list(SKUS)), asyncio.gather(*(self.ledger.detail(sku) for sku in SKUS)),
            self.ledger.order_records(), self.new_movements(), self.ledger.placement.buckets(list(SKUS)))
        pipe = self.redis.pipeline(transaction=False)
        for sku in SKUS:
            pipe.hgetall(keys.sku_key(where[sku], sku, "buyers"))
        rows = await pipe.execute()
        accepted: Counter[str] = Counter()
        for record in records.values():
            if record["status"] == "accepted":
                accepted.update({line["sku"]: line["qty"] for line in record["lines"]})
        for m in moves:  # only the new ones: the running totals carry the rest
            self.moved[m["sku"]][m["type"]] += int(m["qty"])
        buyers = [{k.decode(): int(v) for k, v in raw.items() if int(v)} for raw in rows]
        return stocks, list(details), accepted, buyers

    async def new_movements(self) -> list[dict[str, str]]:
        found: list[dict[str, str]] = []
        for stream, after in self.last_movement.items():
            rows = entries(await self.redis.xrange(stream, min=after if after == "-" else f"({after}", max="+"))
            if rows:
                self.last_movement[stream] = rows[-1][0]
            found += [fields for _, fields in rows]
        return found

    @invariant()
    def ledger_matches_model(self) -> None:
        if not self.skus:
            return
        stocks, details, accepted, buyers = self.run(self.snapshot())
        for sku, detail, bought in zip(SKUS, details, buyers, strict=True):
            m, stock, headroom, moved = self.skus[sku], stocks[sku], self.headroom(sku), self.moved[sku]
            assert stock is not None
            assert (stock.on_hand, stock.sold, stock.held) == (m.on_hand, m.sold, self.held(sku))
            assert stock.sellable == max(0, headroom) >= 0
            assert m.start + detail.counters["restocked"] + detail.counters["corrected"] == stock.on_hand
            assert (detail.counters["restocked"], detail.counters["corrected"]) == (m.restocked, m.corrected)
            assert stock.stock == m.on_hand - m.sold >= 0
            assert accepted[sku] == stock.sold, "each accepted order id is deducted exactly once"
            assert moved["load"] + moved["restock"] + moved["correction"] == stock.on_hand
            assert -(moved["sale"] + moved["cancel"]) == stock.sold
            assert {b: n for b, n in m.bought.items() if n} == bought
            assert {c: n for c, n in m.channel_sold.items() if n} == {c: n for c, n in detail.channel_sold.items() if n}
            assert {c: self.held(sku, c) for c in CHANNELS if self.held(sku, c)} == detail.channel_held
            if sku not in self.corrected_this_step:
                assert headroom >= min(self.last_headroom.get(sku, 0), 0), "only a correction lowers H below 0"
            if stock.sold > self.last_sold.get(sku, 0):
                assert stock.stock >= m.safety, "safety stock was sold"
            self.last_headroom[sku], self.last_sold[sku] = headroom, stock.sold
        self.corrected_this_step.clear()


def run_machine(target: LedgerTarget, examples: int, steps: int) -> None:
    config = settings(max_examples=examples, stateful_step_count=steps, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow])
    run_state_machine_as_test(lambda: LedgerMachine(target), settings=config)


def test_ledger_agrees_with_its_model(redis_server: EmbeddedRedis) -> None:
    run_machine(one_redis(redis_server.url), examples=80, steps=40)


@pytest.mark.slow
def test_ledger_agrees_with_its_model_over_long_runs(redis_server: EmbeddedRedis) -> None:
    run_machine(one_redis(redis_server.url), examples=200, steps=80)
