"""Warehouses, transfers, bundles and regions against a plain-Python model, driven by hypothesis.

The model predicts every answer (accepted or the refusal's code) and every allocation with the documented
rule (assistant.ledger.allocation.allocate, written apart from the Lua). Invariants after every step:
- no warehouse's stock goes negative and no warehouse sells its safety stock (sold <= on_hand - safety);
- units are conserved across transfers: shelves (on_hand) + in transit == what the catalog loaded;
- a bundle is never sold beyond any component: components' sold counts are what the accepted orders say;
- region caps and region buyer limits hold; one deduction per order id (a replay answers the first answer);
- kits of the pre-packed KIT-1 packed and unpacked at a warehouse move exactly qty × recipe units, all or nothing,
  never from safety stock, sold or held units, once per op id; units are conserved counting the kits' contents.

On the 3-master cluster in 4 buckets (tests/ledger/test_ledger_models_on_cluster.py) the socks are a product of
their own (another bucket, another master), so SET-1 and orders naming tees and socks span buckets; a kit is
packed in one script, so there the kit is two tees, in the tees' bucket (SPREAD below).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from assistant.catalog.service import CatalogService
from assistant.errors import AppError
from assistant.infra.embedded_redis import EmbeddedRedis
from assistant.ledger import keys
from assistant.ledger.allocation import allocate
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.warehouse_setup import catalog, order
from tests.support.ledger_targets import LedgerTarget, one_redis

LOADED = {"TEE-1": [("SH", 6, 1), ("GZ", 3, 0), ("HK", 2, 0)], "SOCK-1": [("SH", 4, 0), ("GZ", 3, 0)]}
WAREHOUSES = ("SH", "GZ", "HK")
BUNDLE = {"TEE-1": 1, "SOCK-1": 2}
KIT, KIT_LOADED = "KIT-1", 1  # a pre-packed kit: 1 loaded at SH
SKUS = (*LOADED, KIT)
REGION_CAP = ("south", 5)  # at most 5 units of each SKU to the south
REGION_LIMIT = ("east", 3)  # each buyer in the east at most 3 of each SKU
regions = st.sampled_from([None, "east", "south", "hk", "north"])
lines = st.lists(st.tuples(st.sampled_from(["TEE-1", "SOCK-1", "SET-1", KIT]), st.integers(1, 3)), min_size=1, max_size=2)
warehouses_or_first = st.sampled_from([None, *WAREHOUSES])


@dataclass(frozen=True)
class Shape:
    """The socks' product (so their bucket), the kit's product and its recipe."""
    sock_product: str
    kit_product: str
    kit_recipe: dict[str, int]


TOGETHER = Shape("TEE", "KIT", {"TEE-1": 1, "SOCK-1": 1})  # one Redis, one bucket
# 4 buckets: TEE and P-KIT in bucket 1 (first master), SOCK in 3 (third master), SET in 2: a kit packs in one slot
SPREAD = Shape("SOCK", "P-KIT", {"TEE-1": 2})


def kit_catalog(shape: Shape) -> dict[str, Any]:
    shop = catalog(**LOADED)
    tees = shop["products"][0]
    socks = [v for v in tees["variants"] if v["sku"] == "SOCK-1"]
    if shape.sock_product != tees["id"]:
        tees["variants"] = [v for v in tees["variants"] if v["sku"] != "SOCK-1"]
        shop["products"].append({"id": shape.sock_product, "name": {"zh": "袜子"}, "variants": socks})
    shop["products"].append({"id": shape.kit_product, "name": {"zh": "礼盒"}, "variants": [
        {"sku": KIT, "prepacked": True, "stock": [{"warehouse": "SH", "on_hand": KIT_LOADED}],
         "components": [{"sku": sku, "qty": per} for sku, per in shape.kit_recipe.items()]}]})
    return shop


class WarehouseMachine(RuleBasedStateMachine):
    def __init__(self, target: LedgerTarget) -> None:
        super().__init__()
        target.flush()
        self.loop = asyncio.new_event_loop()
        self.redis = target.client()
        self.ledger = Ledger(self.redis, clock=ManualClock(), buckets=target.buckets)
        self.shape = TOGETHER if target.buckets == 1 else SPREAD
        self.kit_recipe = self.shape.kit_recipe
        shop = kit_catalog(self.shape)
        self.bucket_of = {v["sku"]: keys.bucket_for(p["id"], target.buckets) for p in shop["products"]
                          for v in p["variants"]}
        self.run(CatalogService(self.redis, self.ledger).load(shop, actor="t", reset_stock=True))
        self.run(self.ledger.set_policy("TEE-1", "flash_cap", REGION_CAP[1], "t", scope=f"region:{REGION_CAP[0]}"))
        self.run(self.ledger.set_policy("SOCK-1", "flash_cap", REGION_CAP[1], "t", scope=f"region:{REGION_CAP[0]}"))
        for sku in LOADED:
            self.run(self.ledger.set_policy(sku, "region_buyer_limit", REGION_LIMIT[1], "t",
                                            scope=f"region:{REGION_LIMIT[0]}"))
        self.on_hand = {(sku, w): n for sku, rows in LOADED.items() for w, n, _ in rows}
        self.safety = {(sku, w): s for sku, rows in LOADED.items() for w, _, s in rows}
        self.on_hand[(KIT, "SH")], self.safety[(KIT, "SH")] = KIT_LOADED, 0
        self.kits_packed = 0  # kits packed less kits unpacked
        self.kit_ops: list[tuple[str, str, int, str | None, int]] = []  # applied: verb, op id, qty, warehouse, sellable
        self.sold: Counter[tuple[str, str]] = Counter()
        self.region_sold: Counter[tuple[str, str]] = Counter()
        self.buyer_region: Counter[tuple[str, str, str]] = Counter()
        self.orders: dict[str, tuple[Any, Any, list[tuple[str, int, list[tuple[str, int]]]], str]] = {}
        self.transfers: dict[str, tuple[str, str, str, int, str]] = {}  # id -> sku, from, to, qty, status
        self.ids = 0

    def run(self, call: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(call)

    def teardown(self) -> None:
        self.run(self.redis.aclose())
        self.loop.close()

    def available(self, sku: str) -> dict[str, int]:
        return {w: self.on_hand.get((sku, w), 0) - self.safety.get((sku, w), 0) - self.sold[(sku, w)]
                for w in WAREHOUSES if (sku, w) in self.on_hand}

    def predict(self, wanted: list[tuple[str, int]], region: str | None, buyer: str) -> tuple[str, list[Any]]:
        expanded: Counter[str] = Counter()
        for sku, qty in wanted:
            for part, per in (BUNDLE.items() if sku == "SET-1" else [(sku, 1)]):
                expanded[part] += per * qty
        plan = self.ledger.layout.plan(channel="douyin", region=region or "")
        taken = []
        # lines are checked bucket by bucket (buckets in first-line order), so the first refusal is that order's
        buckets = list(dict.fromkeys(self.bucket_of[sku] for sku in expanded))
        for sku, qty in sorted(expanded.items(), key=lambda line: buckets.index(self.bucket_of[line[0]])):
            if qty > sum(max(0, a) for a in self.available(sku).values()):
                return "insufficient_stock", []
            if sku in LOADED and region == REGION_LIMIT[0] and self.buyer_region[(sku, region, buyer)] + qty > REGION_LIMIT[1]:
                return "buyer_limit_exceeded", []
            if sku in LOADED and region == REGION_CAP[0] and self.region_sold[(sku, region)] + qty > REGION_CAP[1]:
                return "flash_cap_reached", []
            alloc = allocate(plan, self.available(sku), qty)
            if alloc is None:
                return "insufficient_stock", []
            taken.append((sku, qty, alloc))
        return "ok", taken

    def book(self, taken: list[tuple[str, int, list[tuple[str, int]]]], region: str | None, buyer: str, sign: int) -> None:
        for sku, qty, alloc in taken:
            for w, units in alloc:
                self.sold[(sku, w)] += sign * units
            if region:
                self.region_sold[(sku, region)] += sign * qty
                self.buyer_region[(sku, region, buyer)] += sign * qty

    @rule(wanted=lines, region=regions, buyer=st.sampled_from(["ana", "bob"]), replay=st.booleans())
    def place(self, wanted: list[tuple[str, int]], region: str | None, buyer: str, replay: bool) -> None:
        if replay and self.orders:
            order_id = sorted(self.orders)[0]
            first_wanted, first_region, _, first_code = self.orders[order_id]
            answer = self.attempt(order(order_id, *first_wanted, region=first_region, buyer=buyer_of(order_id)))
            assert answer[0] == first_code or first_code == "cancelled"
            return
        self.ids += 1
        order_id = f"o{self.ids}-{buyer}"
        code, taken = self.predict(wanted, region, buyer)
        got, body = self.attempt(order(order_id, *wanted, region=region, buyer=buyer))
        assert got == code, (wanted, region, got, code, body)
        if got == "ok":
            shipped = {line.sku: [(a["warehouse"], a["qty"]) for a in line.alloc] for line in body.lines}
            assert shipped == {sku: alloc for sku, _, alloc in taken}
            self.book(taken, region, buyer, 1)
        self.orders[order_id] = (wanted, region, taken, got)

    def attempt(self, request: Any) -> tuple[str, Any]:
        try:
            return "ok", self.run(self.ledger.place_order(request, "t"))
        except AppError as error:
            return error.code, error.details

    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        accepted = sorted(i for i, o in self.orders.items() if o[3] == "ok")
        if not accepted:
            return
        order_id = data.draw(st.sampled_from(accepted))
        self.run(self.ledger.cancel_order(order_id, "t"))
        wanted, region, taken, _ = self.orders[order_id]
        self.book(taken, region, buyer_of(order_id), -1)
        self.orders[order_id] = (wanted, region, taken, "cancelled")

    @rule(sku=st.sampled_from(["TEE-1", "SOCK-1"]), source=st.sampled_from(WAREHOUSES),
          dest=st.sampled_from(WAREHOUSES), qty=st.integers(1, 4))
    def transfer(self, sku: str, source: str, dest: str, qty: int) -> None:
        if source == dest:
            return
        self.ids += 1
        tid = f"t{self.ids}"
        room = self.available(sku).get(source, 0)
        try:
            self.run(self.ledger.warehouses.propose_transfer(sku, source, dest, qty, 1, "t", transfer_id=tid))
            self.run(self.ledger.warehouses.confirm_transfer(sku, tid, "t"))
        except AppError as error:
            assert error.code in ("insufficient_stock", "unknown_warehouse") and (qty > room or (sku, source) not in self.on_hand)
            return
        assert qty <= room and (sku, source) in self.on_hand
        self.on_hand[(sku, source)] -= qty
        self.on_hand.setdefault((sku, dest), 0)
        self.safety.setdefault((sku, dest), 0)
        self.transfers[tid] = (sku, source, dest, qty, "in_transit")

    @rule(data=st.data(), arrive=st.booleans())
    def settle_transfer(self, data: st.DataObject, arrive: bool) -> None:
        moving = sorted(t for t, x in self.transfers.items() if x[4] == "in_transit")
        if not moving:
            return
        tid = data.draw(st.sampled_from(moving))
        sku, source, target, qty, _ = self.transfers[tid]
        if arrive:
            self.run(self.ledger.warehouses.receive_transfer(sku, tid, "t"))
            self.on_hand[(sku, target)] += qty
        else:
            self.run(self.ledger.warehouses.cancel_transfer(sku, tid, "t"))
            self.on_hand[(sku, source)] += qty
        self.transfers[tid] = (sku, source, target, qty, "received" if arrive else "cancelled")

    @rule(unpack=st.booleans(), qty=st.integers(1, 3), warehouse=warehouses_or_first, replay=st.booleans())
    def kits(self, unpack: bool, qty: int, warehouse: str | None, replay: bool) -> None:
        verb = self.ledger.kits.unpack if unpack else self.ledger.kits.pack
        if replay and self.kit_ops:  # the same op sent again: its first answer, nothing moves twice
            name, op_id, first_qty, first_at, sellable = self.kit_ops[0]
            again = self.run((self.ledger.kits.unpack if name == "unpack" else self.ledger.kits.pack)(
                KIT, first_qty, "t", warehouse=first_at, op_id=op_id))
            assert again.replayed and again.sellable == sellable
            return
        at = warehouse or "SH"  # naming none: the kit's first warehouse
        taking = {KIT: qty} if unpack else {sku: per * qty for sku, per in self.kit_recipe.items()}
        fits = all(units <= self.available(sku).get(at, 0) for sku, units in taking.items())
        self.ids += 1
        try:
            answer = self.run(verb(KIT, qty, "t", warehouse=warehouse, op_id=f"k{self.ids}"))
        except AppError as error:
            assert not fits and error.code == "insufficient_stock", (unpack, qty, at, error.details)
            return
        assert fits, (unpack, qty, at)
        sign = -1 if unpack else 1
        for sku, per in self.kit_recipe.items():
            self.on_hand[(sku, at)] = self.on_hand.get((sku, at), 0) - sign * per * qty
            self.safety.setdefault((sku, at), 0)
        self.on_hand[(KIT, at)] = self.on_hand.get((KIT, at), 0) + sign * qty
        self.safety.setdefault((KIT, at), 0)
        self.kits_packed += sign * qty
        self.kit_ops.append(("unpack" if unpack else "pack", f"k{self.ids}", qty, warehouse, answer.sellable))

    @invariant()
    def ledger_matches_the_model(self) -> None:
        figures = self.run(self.ledger.warehouses.figures(list(SKUS)))
        for sku, rows in figures.items():
            for f in rows:
                key = (sku, f.warehouse)
                assert (f.on_hand, f.sold, f.held) == (self.on_hand[key], self.sold[key], 0), (key, f)
                assert 0 <= f.sold <= f.on_hand - f.safety_stock, f"{key}: stock negative or safety sold"
                in_transit = sum(x[3] for x in self.transfers.values() if x[0] == sku and x[2] == f.warehouse
                                 and x[4] == "in_transit")
                assert f.incoming == in_transit
            moving = sum(x[3] for x in self.transfers.values() if x[0] == sku and x[4] == "in_transit")
            if sku == KIT:
                assert sum(f.on_hand for f in rows) == KIT_LOADED + self.kits_packed
            else:  # a component's units: on shelves, on the road or inside the kits packed here
                in_kits = self.kit_recipe.get(sku, 0) * self.kits_packed
                assert sum(f.on_hand for f in rows) + moving + in_kits == sum(n for _, n, _ in LOADED[sku]), "conserved"
        stocks = self.run(self.ledger.read([*SKUS, "SET-1"]))
        for sku in SKUS:
            booked = sum(qty for o in self.orders.values() if o[3] == "ok" for s, qty, _ in o[2] if s == sku)
            assert stocks[sku].sold == booked == sum(self.sold[(sku, w)] for w in WAREHOUSES)  # type: ignore[union-attr]
        bundle = stocks["SET-1"]
        assert bundle is not None and bundle.sellable == min(
            stocks[s].sellable // per for s, per in BUNDLE.items())  # type: ignore[union-attr]
        for sku in LOADED:
            assert self.region_sold[(sku, REGION_CAP[0])] <= REGION_CAP[1]
            assert all(n <= REGION_LIMIT[1] for (s, r, _), n in self.buyer_region.items() if s == sku and r == "east")


def buyer_of(order_id: str) -> str:
    return order_id.rsplit("-", 1)[1]


def run_warehouse_machine(target: LedgerTarget, examples: int, steps: int) -> None:
    config = settings(max_examples=examples, stateful_step_count=steps, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.too_slow])
    run_state_machine_as_test(lambda: WarehouseMachine(target), settings=config)


def test_warehouses_transfers_bundles_and_regions_agree_with_their_model(redis_server: EmbeddedRedis) -> None:
    run_warehouse_machine(one_redis(redis_server.url), examples=60, steps=30)
