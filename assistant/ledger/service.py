"""The stock ledger: every write is one Lua script, so no two buyers can take the same unit."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from redis.asyncio import Redis

from assistant.errors import (
    AppError,
    Conflict,
    InvalidInput,
    NotFound,
    StoreFull,
)
from assistant.infra.replies import entries, members, text_map
from assistant.infra.store_errors import STORE_ERRORS, store_failure
from assistant.infra.stream_wake import on_cluster
from assistant.ledger import keys, outcomes, refusals
from assistant.ledger.answers import (
    CancelAnswer,
    CountAnswer,
    HoldAnswer,
    IncomingAnswer,
    OrderAnswer,
    PolicyAnswer,
    ReceiveAnswer,
    ReleaseAnswer,
    RestockAnswer,
)
from assistant.ledger.coordinator import Coordinator
from assistant.ledger.kits import KitLedger
from assistant.ledger.layout import StockLayout, bundle_stock
from assistant.ledger.models import HoldRequest, OrderRequest, SkuDetail, SkuStock
from assistant.ledger.outcomes import Answer
from assistant.ledger.placement import Placement
from assistant.ledger.scripts import LedgerScripts
from assistant.ledger.warehouses import WarehouseLedger

Clock = Callable[[], float]
Call = tuple[int, list[str], list[Any]]  # a verb's bucket, keys (after the bucket's stream) and arguments
POLICIES = ("safety_stock", "buyer_limit", "flash_cap", "allocation", "region_buyer_limit")


def wall_clock_ms() -> float:
    return time.time() * 1000


def new_op_id() -> str:
    """An operation id for a call the caller gave none: it still makes redis-py's own re-sends apply once."""
    return secrets.token_urlsafe(12)


class Ledger:
    def __init__(
        self,
        redis: Redis,
        *,
        clock: Clock = wall_clock_ms,
        hold_ttl_seconds: int = 900,
        order_keep_seconds: int = 30 * 86400,
        reject_keep_seconds: int = 86400,
        op_keep_seconds: int = 86400,
        movement_maxlen: int = 1_000_000,
        history_keep_seconds: int = 30 * 86400,
        buyers_keep_seconds: int = 3 * 86400,
        order_cancel_seconds: int = 15 * 86400,
        cross_hold_ttl_seconds: int = 60,
        buckets: int = keys.BUCKETS,
    ):
        self.redis = redis
        self.clock = clock
        self.hold_ttl_seconds = hold_ttl_seconds
        self.order_keep_seconds = order_keep_seconds
        self.reject_keep_seconds = reject_keep_seconds
        self.op_keep_seconds = op_keep_seconds
        self.movement_maxlen = movement_maxlen
        self.history_keep_seconds = history_keep_seconds  # a SKU's own history, by age (Redis time)
        self.buyers_keep_seconds = buyers_keep_seconds  # buyer-limit counts, after the SKU's last sale
        self.order_cancel_seconds = order_cancel_seconds  # then an accepted order's record is compacted
        self.cross_hold_ttl_seconds = cross_hold_ttl_seconds  # the holds of an order spanning buckets
        self.scripts = LedgerScripts(redis)
        self.placement = Placement(redis, buckets)  # which bucket (Cluster slot) each SKU is in
        self.coordinator = Coordinator(self)
        self.layout = StockLayout()  # the catalog's warehouses and bundles; set at every catalog change
        self.warehouses = WarehouseLedger(self)
        self.kits = KitLedger(self)  # issue 17: packing and unpacking pre-packed bundles

    def _head(self, actor: str, op_id: str = "") -> list[Any]:
        """The prelude's arguments: now, stream maxlen, actor, operation id, and how long things are kept (ms): an
        op's answer, a SKU's history, buyer counts after a sale, an accepted order's full record."""
        return [int(self.clock()), self.movement_maxlen, actor, op_id, self.op_keep_seconds * 1000,
                self.history_keep_seconds * 1000, self.buyers_keep_seconds * 1000, self.order_cancel_seconds * 1000]

    async def _run(self, verb: str, bucket: int, keys_: list[str], args: list[Any], client: Any = None) -> Any:
        """One verb's script in one bucket: its keys all share the bucket's tag, so one Cluster slot."""
        await self.placement.verify()  # never a script under a bucket count other than the ledger's
        try:
            return await self.scripts[verb](keys=[keys.movements(bucket), *keys_], args=args, client=client)
        except STORE_ERRORS as error:
            # A 503 for a write names its op id: sent again with it as Idempotency-Key, it cannot apply twice.
            failure = store_failure(error, op_id=str(args[3]) or None)
            if failure is None:
                raise
            raise failure from error

    async def batch(self, calls: Sequence[tuple[str, int, list[str], list[Any]]]) -> list[Any]:
        """Many (verb, bucket, keys, args) script calls in one go: pipelined on one Redis; on a Cluster, whose
        pipelines refuse EVALSHA, sent concurrently (a few hundred at a time), each to its slot's master."""
        if len(calls) == 1:  # alone it is one EVALSHA; a pipeline of scripts first asks SCRIPT EXISTS (a round trip)
            return [await self._run(*calls[0])]
        if on_cluster(self.redis):
            answers: list[Any] = []
            for start in range(0, len(calls), 256):
                answers += await asyncio.gather(*(self._run(*call) for call in calls[start:start + 256]))
            return answers
        pipe = self.redis.pipeline(transaction=False)
        for verb, bucket, keys_, args in calls:
            await self._run(verb, bucket, keys_, args, client=pipe)
        try:
            return list(await pipe.execute()) if calls else []
        except STORE_ERRORS as error:
            failure = store_failure(error)
            if failure is None:
                raise
            raise failure from error

    # --- orders -------------------------------------------------------------------------------
    # With several buckets every order and hold id is claimed first in its home bucket (keys.order_claim): the
    # same id sent again with other lines is an idempotency_conflict even when those lines live in other
    # buckets. (With one bucket the order record itself is that claim: no extra round trip.) An order whose
    # lines share a bucket is then one script there; one spanning buckets goes through the coordinator.
    def order_call(self, order: OrderRequest, actor: str, bucket: int, lines: list[tuple[str, int]]) -> Call:
        sku_keys = [k for sku, _ in lines for k in keys.sku_block(bucket, sku)]
        args = [
            *self._head(actor), order.order_id, order.fingerprint(), order.buyer_id, order.channel,
            order.stream_id or "", self.order_keep_seconds, self.reject_keep_seconds, len(lines),
            *[x for line in lines for x in line],
            self._plan(order.channel, order.region, order.merged_lines()),
        ]
        return bucket, [keys.order(bucket, order.order_id), keys.compact_due(bucket), *sku_keys], args

    def _plan(self, channel: str, region: str | None, lines: list[tuple[str, int]]) -> str:
        """issue 17: the allocation plan (warehouses this buyer may be shipped from, in order) and the bundles
        the lines asked for (kept with the order and its movements), the scripts' last argument."""
        bundles = ",".join(f"{sku}:{qty}" for sku, qty in lines if sku in self.layout.bundles)
        return self.layout.plan(channel=channel, region=region or "").argument(bundles)

    async def _order_groups(self, order: OrderRequest) -> dict[int, list[tuple[str, int]]]:
        groups = await self.placement.group(self.layout.expand(order.merged_lines()))  # a bundle: its components
        if len(groups) == 1 and self.placement.count > 1:
            await self.coordinator.claim(self._order_claim(order.order_id), order.fingerprint(), list(groups),
                                         "single", what="order")
        return groups

    async def _place(self, order: OrderRequest, actor: str) -> Any:
        groups = await self._order_groups(order)
        if len(groups) > 1:
            return await self.coordinator.place(order, actor, groups)
        ((bucket, lines),) = groups.items()
        return await self._run("place_order", *self.order_call(order, actor, bucket, lines))

    async def place_order(self, order: OrderRequest, actor: str) -> OrderAnswer:
        try:
            return outcomes.answer(await self._place(order, actor), OrderAnswer, skus_in_body=True)
        except AppError as error:  # ops count refused orders per room ("有多少单被拒了")
            await refusals.record(self.redis, [(order, error)], self.clock(), self.reject_keep_seconds)
            raise

    async def place_orders(self, orders: Iterable[OrderRequest], actor: str) -> list[OrderAnswer | AppError]:
        """Pipelined: one round trip for many single-bucket orders, each still atomic on its own (an order
        spanning buckets runs its own steps)."""
        orders = list(orders)
        answers: list[OrderAnswer | AppError | None] = [None] * len(orders)
        queued: list[int] = []
        calls: list[tuple[str, int, list[str], list[Any]]] = []
        for i, order in enumerate(orders):
            try:
                groups = await self._order_groups(order)
                if len(groups) > 1:
                    answers[i] = outcomes.answer(await self.coordinator.place(order, actor, groups), OrderAnswer, skus_in_body=True)
                    continue
            except AppError as error:
                answers[i] = error
                continue
            ((bucket, lines),) = groups.items()
            calls.append(("place_order", *self.order_call(order, actor, bucket, lines)))
            queued.append(i)
        for i, raw in zip(queued, await self.batch(calls), strict=True):
            try:
                answers[i] = outcomes.answer(raw, OrderAnswer, skus_in_body=True)
            except AppError as error:
                answers[i] = error
        done = [a for a in answers if a is not None]
        refused = [(order, a) for order, a in zip(orders, done, strict=True) if isinstance(a, AppError)]
        await refusals.record(self.redis, refused, self.clock(), self.reject_keep_seconds)
        return done

    def _order_claim(self, order_id: str) -> str:
        return keys.order_claim(order_id, self.placement.count)

    def _hold_claim(self, hold_id: str) -> str:
        return keys.hold_claim(hold_id, self.placement.count)

    async def _claimed(self, claim_key: str) -> tuple[str, list[int]]:
        state, buckets = await self.redis.hmget(claim_key, ["state", "buckets"])
        return (_text(state or b""), json.loads(buckets)) if buckets else ("", [])

    async def cancel_calls(
        self, order_id: str, actor: str, reason: str = "", *, op_id: str | None = None
    ) -> list[Call]:
        """The cancel script's call per bucket of the order: its SKUs are read first (a script declares its keys)."""
        state, buckets = await self._claimed(self._order_claim(order_id))
        if state in ("holding", "committed"):
            raise Conflict(f"order {order_id} is still being placed; retry", code="order_pending",
                           details={"order_id": order_id})
        if state == "aborted":  # refused across buckets: answered as a refused order's record answers
            raise Conflict(f"order {order_id} was rejected, there is nothing to cancel", code="order_not_accepted",
                           details={"order_id": order_id})
        op = op_id or new_op_id()
        calls: list[Call] = []
        for bucket in buckets or [keys.bucket_for(order_id, self.placement.count)]:
            raw = await self.redis.hget(keys.order(bucket, order_id), "lines")
            lines = json.loads(raw) if raw else []
            sku_keys = [k for line in lines for k in keys.sku_block(bucket, line["sku"])]
            calls.append((bucket, [keys.order(bucket, order_id), *sku_keys], [*self._head(actor, op), order_id, reason]))
        return calls

    async def cancel_call(self, order_id: str, actor: str, reason: str = "", *, op_id: str | None = None) -> Call:
        """The first bucket's cancel call (the only one of a single-bucket order)."""
        return (await self.cancel_calls(order_id, actor, reason, op_id=op_id))[0]

    async def cancel_in(self, bucket: int, order_id: str, actor: str, reason: str, *, op_id: str) -> Any:
        raw = await self.redis.hget(keys.order(bucket, order_id), "lines")
        sku_keys = [k for line in json.loads(raw or "[]") for k in keys.sku_block(bucket, line["sku"])]
        return await self._run("cancel_order", bucket, [keys.order(bucket, order_id), *sku_keys],
                               [*self._head(actor, op_id), order_id, reason])

    async def cancel_order(
        self, order_id: str, actor: str, reason: str = "", *, op_id: str | None = None
    ) -> CancelAnswer:
        answers = [await self.run_call("cancel_order", call, CancelAnswer)
                   for call in await self.cancel_calls(order_id, actor, reason, op_id=op_id)]
        first = answers[0]
        first.changed = any(a.changed for a in answers)
        return first

    async def order(self, order_id: str) -> dict[str, Any] | None:
        """The order's record; an order spanning buckets has one per bucket, read as one."""
        _, buckets = await self._claimed(self._order_claim(order_id))
        record: dict[str, Any] | None = None
        for bucket in buckets or [keys.bucket_for(order_id, self.placement.count)]:
            raw = await self.redis.hgetall(keys.order(bucket, order_id))
            if not raw:
                continue
            part = text_map(raw)
            lines = json.loads(part.get("lines", "[]"))
            part.pop("response", None)
            if record is None:
                record = {**part, "lines": lines}
            else:
                record["lines"] += lines
        return record

    async def order_records(self) -> dict[str, dict[str, Any]]:
        """Every order record of every bucket, one per order id (status, lines of all its buckets): a SCAN,
        for checks and tools, never a request's path."""
        found = [key async for key in self.redis.scan_iter(match="sa:{b*}:order:*", count=1000)]
        pipe = self.redis.pipeline(transaction=False)
        for key in found:
            pipe.hmget(key, "status", "lines")
        records: dict[str, dict[str, Any]] = {}
        for key, (status, lines) in zip(found, await pipe.execute(), strict=True):
            order_id = _text(key).split(":order:", 1)[1]
            record = records.setdefault(order_id, {"status": _text(status or b""), "lines": []})
            record["lines"] += json.loads(lines or "[]")
        return records

    async def counters_key(self, sku: str) -> str:
        """The SKU's counters hash (tests and tools that look behind the ledger's back)."""
        return keys.sku_block(await self.placement.bucket(sku), sku)[0]

    # --- holds --------------------------------------------------------------------------------
    async def hold_in(self, bucket: int, hold_id: str, request: HoldRequest | OrderRequest,
                      lines: list[tuple[str, int]], ttl_ms: int, actor: str, *, fp: str) -> Any:
        """One bucket's share of a hold (a customer's, or a multi-bucket order's)."""
        sku_keys = [k for sku, _ in lines for k in keys.sku_block(bucket, sku)]
        args = [
            *self._head(actor), hold_id, fp, request.buyer_id, request.channel, request.stream_id or "", ttl_ms,
            len(lines), *[x for line in lines for x in line],
            self._plan(request.channel, request.region, request.merged_lines()),
        ]
        return await self._run("place_hold", bucket, [keys.hold(bucket, hold_id), *sku_keys], args)

    async def place_hold(self, hold: HoldRequest, actor: str) -> HoldAnswer:
        """A hold spanning buckets is one hold per bucket under the same id, all or nothing: a bucket refused
        releases the others placed."""
        groups = await self.placement.group(self.layout.expand(hold.merged_lines()))
        if self.placement.count > 1:
            await self.coordinator.claim(self._hold_claim(hold.hold_id), hold.fingerprint(), list(groups),
                                         "single", what="hold")
        ttl_ms = (hold.ttl_seconds or self.hold_ttl_seconds) * 1000
        placed: list[int] = []
        bodies: list[dict[str, Any]] = []
        raw: Any = None
        for bucket, lines in groups.items():
            raw = await self.hold_in(bucket, hold.hold_id, hold, lines, ttl_ms, actor, fp=hold.fingerprint())
            if outcomes.refused(raw):
                for done in placed:
                    await self.release_in(done, hold.hold_id, actor, op_id=f"undo.{hold.hold_id}")
                raise outcomes.refusal(raw, skus_in_body=True)
            placed.append(bucket)
            bodies.append(json.loads(raw[1]))
        if len(bodies) > 1:
            combined = {**bodies[0], "lines": [line for body in bodies for line in body["lines"]]}
            raw = [raw[0], json.dumps(combined), *raw[2:]]
        return outcomes.answer(raw, HoldAnswer, skus_in_body=True)

    async def _hold_buckets(self, hold_id: str) -> list[int]:
        return (await self._claimed(self._hold_claim(hold_id)))[1]

    async def _hold_keys(self, bucket: int, hold_id: str) -> list[str]:
        raw = await self.redis.hget(keys.hold(bucket, hold_id), "lines")
        return [k for line in json.loads(raw or "[]") for k in keys.sku_block(bucket, line["sku"])]

    async def confirm_call(self, hold_id: str, order_id: str, actor: str) -> Call:
        buckets = await self._hold_buckets(hold_id)
        return await self._confirm_in_call(buckets[0] if buckets else keys.bucket_for(hold_id, self.placement.count),
                                           hold_id, order_id, actor)

    async def _confirm_in_call(self, bucket: int, hold_id: str, order_id: str, actor: str, *,
                               check: bool = False) -> Call:
        args = [*self._head(actor), hold_id, order_id, self.order_keep_seconds, "check" if check else ""]
        return bucket, [keys.hold(bucket, hold_id), keys.order(bucket, order_id), keys.compact_due(bucket),
                        *await self._hold_keys(bucket, hold_id)], args

    async def confirm_in(self, bucket: int, hold_id: str, order_id: str, actor: str, *, check: bool = False) -> Any:
        """Confirms the hold's lines in one bucket; check=True: answers whether it would, changing nothing."""
        return await self._run("confirm_hold", *await self._confirm_in_call(bucket, hold_id, order_id, actor,
                                                                            check=check))

    async def confirm_hold(self, hold_id: str, order_id: str, actor: str) -> OrderAnswer:
        buckets = await self._hold_buckets(hold_id)
        if len(buckets) > 1:
            return outcomes.answer(await self.coordinator.confirm(hold_id, order_id, buckets), OrderAnswer, skus_in_body=True)
        if buckets and self.placement.count > 1:
            await self.coordinator.claim(self._order_claim(order_id), f"hold:{hold_id}", buckets, "single",
                                         what="order")
        return await self.run_call("confirm_hold", await self.confirm_call(hold_id, order_id, actor), OrderAnswer)

    async def release_in(self, bucket: int, hold_id: str, actor: str, *, op_id: str) -> Any:
        return await self._run("release_hold", bucket, [keys.hold(bucket, hold_id),
                                                        *await self._hold_keys(bucket, hold_id)],
                               [*self._head(actor, op_id), hold_id])

    async def release_call(self, hold_id: str, actor: str, *, op_id: str | None = None) -> Call:
        buckets = await self._hold_buckets(hold_id)
        bucket = buckets[0] if buckets else keys.bucket_for(hold_id, self.placement.count)
        return bucket, [keys.hold(bucket, hold_id), *await self._hold_keys(bucket, hold_id)], \
            [*self._head(actor, op_id or new_op_id()), hold_id]

    async def release_hold(self, hold_id: str, actor: str, *, op_id: str | None = None) -> ReleaseAnswer:
        buckets = await self._hold_buckets(hold_id)
        if len(buckets) <= 1:
            return await self.run_call("release_hold", await self.release_call(hold_id, actor, op_id=op_id),
                                       ReleaseAnswer)
        op = op_id or new_op_id()
        answers = [outcomes.answer(await self.release_in(b, hold_id, actor, op_id=op), ReleaseAnswer) for b in buckets]
        changed = [a for a in answers if a.changed]
        return changed[0] if changed else answers[0]

    async def sweep(self) -> int:
        """Finishes orders spanning buckets left half-done (a crashed or stalled worker); see coordinator.py."""
        return await self.coordinator.sweep()

    async def compact(self, limit: int = 200) -> int:
        """Compacts the records of accepted orders past their cancel window (at most `limit` per bucket): only
        what a replay needs is kept, until the record's own expiry. Answers how many were compacted."""
        done = 0
        for bucket in range(self.placement.count):
            due = await self.redis.zrangebyscore(keys.compact_due(bucket), "-inf", int(self.clock()), start=0,
                                                 num=limit)
            if due:
                done += int(await self._run("compact_orders", bucket, [keys.compact_due(bucket), *members(due)],
                                            self._head("system")))
        return done

    async def run_call(self, verb: str, call: Call, kind: type[Answer]) -> Answer:
        """Runs a prepared call (cancel_call, release_call, confirm_call) as its verb's script."""
        # confirm_hold sells the hold's lines: a SKU gone from the ledger is in the body, as in an order
        return outcomes.answer(await self._run(verb, *call), kind, skus_in_body=verb == "confirm_hold")

    # --- stock changes by ops ------------------------------------------------------------------
    # Each takes op_id, the caller's operation id (an HTTP Idempotency-Key, a proposal token): the same op sent
    # again answers the first answer and moves nothing. Without one, a fresh id still covers redis-py's re-sends.
    async def sku_verb(self, verb: str, kind: type[Answer], sku: str, actor: str, op_id: str | None,
                       *args: Any) -> Answer:
        """One SKU's verb (restock, count, policy, incoming; the warehouse verbs too), answered as `kind`."""
        head = self._head(actor, op_id or new_op_id())
        bucket = await self.placement.bucket(sku)
        return outcomes.answer(await self._run(verb, bucket, keys.sku_block(bucket, sku), [*head, sku, *args]), kind)

    async def restock(
        self, sku: str, qty: int, actor: str, reason: str = "", *, op_id: str | None = None
    ) -> RestockAnswer:
        if qty <= 0:
            raise InvalidInput("qty: a restock adds at least one unit", code="invalid_qty")
        return await self.sku_verb("restock", RestockAnswer, sku, actor, op_id, qty, reason)

    async def correct_count(
        self, sku: str, new_stock: int, actor: str, *, expected_stock: int | None = None, reason: str = "",
        op_id: str | None = None,
    ) -> CountAnswer:
        if new_stock < 0:
            raise InvalidInput("stock: a counted stock cannot be negative", code="invalid_qty")
        expected = "" if expected_stock is None else expected_stock
        return await self.sku_verb("correct_count", CountAnswer, sku, actor, op_id, new_stock, expected, reason)

    async def set_policy(
        self, sku: str, policy: str, value: int | None, actor: str, scope: str = "", *, op_id: str | None = None
    ) -> PolicyAnswer:
        if policy not in POLICIES:
            raise InvalidInput(f"policy: must be one of {', '.join(POLICIES)}", code="unknown_policy")
        if value is not None and value < 0:
            raise InvalidInput("value: must be 0 or more", code="invalid_qty")
        if policy in ("flash_cap", "allocation") and not scope:
            raise InvalidInput("scope: a flash cap or allocation needs a scope", code="missing_scope")
        if policy == "region_buyer_limit" and not scope.startswith("region:"):
            raise InvalidInput("scope: a region's buyer limit names it, region:<id>", code="missing_scope")
        return await self.sku_verb("set_policy", PolicyAnswer, sku, actor, op_id, policy, scope,
                                   "" if value is None else value)

    async def add_incoming(
        self, sku: str, shipment_id: str, qty: int, eta_ms: int, actor: str, *, op_id: str | None = None
    ) -> IncomingAnswer:
        if qty <= 0:
            raise InvalidInput("qty: an incoming shipment has at least one unit", code="invalid_qty")
        return await self.sku_verb("add_incoming", IncomingAnswer, sku, actor, op_id, shipment_id, qty, eta_ms)

    async def receive_incoming(
        self, sku: str, shipment_id: str, actor: str, *, op_id: str | None = None
    ) -> ReceiveAnswer:
        return await self.sku_verb("receive_incoming", ReceiveAnswer, sku, actor, op_id, shipment_id)

    async def upsert_skus(
        self, rows: Sequence[tuple[str, str, int, int]], actor: str, reset: bool, *, op_id: str | None = None
    ) -> list[str]:
        """Catalog load, pipelined: (sku, product_id, on_hand, safety_stock) rows, each 'created', 'reset' or
        'kept'. One op id covers the whole load, so a load sent again with it resets nothing twice."""
        head = self._head(actor, op_id or new_op_id())
        where = await self.placement.place([(sku, product_id) for sku, product_id, _, _ in rows])
        answers = await self.batch([
            ("upsert_sku", where[sku], keys.sku_block(where[sku], sku),
             [*head, sku, product_id, on_hand, safety, "1" if reset else "0"])
            for sku, product_id, on_hand, safety in rows])
        for raw in answers:
            if outcomes.refused(raw):
                raise outcomes.refusal(raw)  # an op id reused for other rows
        return [_text(raw[1]) for raw in answers]

    # --- reads ----------------------------------------------------------------------------------
    async def read(self, skus: Sequence[str]) -> dict[str, SkuStock | None]:
        """Each SKU's figures; an assembled bundle's are composed from its components' in the same read.
        While Redis refuses writes (out of memory) still answered, expired holds left out (not purged)."""
        if not skus:
            return {}
        rows = self.layout.ledger_skus(skus)
        groups: dict[int, list[str]] = {}
        for sku, bucket in (await self.placement.buckets(rows)).items():
            groups.setdefault(bucket, []).append(sku)
        try:
            stocks = await self._read_groups(groups, "0")
        except StoreFull:
            stocks = await self._read_groups(groups, "1")
        return {sku: self.compose(sku, stocks) for sku in skus}

    async def _read_groups(self, groups: dict[int, list[str]], dry: str) -> dict[str, SkuStock | None]:
        """One read script per bucket (a Cluster slot each), pipelined."""
        answers = await self.batch([
            ("read_skus", bucket, [k for sku in rows for k in keys.sku_read_block(bucket, sku)],
             [*self._head("system"), dry, *rows]) for bucket, rows in groups.items()])
        return {sku: _stock(sku, row) for rows, raw in zip(groups.values(), answers, strict=True)
                for sku, row in zip(rows, raw, strict=True)}

    def compose(self, sku: str, stocks: dict[str, SkuStock | None]) -> SkuStock | None:
        parts = self.layout.bundles.get(sku)
        if parts is None:
            return stocks.get(sku)
        return bundle_stock(sku, self.layout.bundle_products[sku], parts, stocks)

    async def detail(self, sku: str) -> SkuDetail:
        stock = (await self.read([sku]))[sku]
        if stock is None:
            raise NotFound(f"SKU {sku} is not in the ledger", code="unknown_sku")
        bucket = await self.placement.bucket(sku)
        pipe = self.redis.pipeline(transaction=False)
        for part in ("v", "holdqty", "buyers", "caps", "capsold", "alloc", "chsold", "incoming"):
            pipe.hgetall(keys.sku_key(bucket, sku, part))
        counters, holds, buyers, caps, cap_sold, alloc, ch_sold, incoming = [text_map(h) for h in await pipe.execute()]
        return SkuDetail(
            stock=stock,
            counters={k: int(v) for k, v in counters.items() if k not in ("product", "loaded")},
            # The hold qty hash also tracks each hold's channel ('ch:<id>', 'held:<channel>'); ids have no ':'.
            holds={k: int(v) for k, v in holds.items() if ":" not in k},
            channel_held={k[5:]: int(v) for k, v in holds.items() if k.startswith("held:") and int(v)},
            buyers=sum(1 for v in buyers.values() if int(v) > 0),
            flash_caps={k: int(v) for k, v in caps.items()},
            cap_sold={k: int(v) for k, v in cap_sold.items()},
            allocations={k: int(v) for k, v in alloc.items()},
            channel_sold={k: int(v) for k, v in ch_sold.items()},
            incoming=_shipments(incoming),
        )

    async def incoming(self, skus: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Shipments on the way per SKU, soonest first: one pipelined round trip for all of them."""
        blocks = await self.placement.buckets(skus)
        pipe = self.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.hgetall(keys.sku_key(blocks[sku], sku, "incoming"))
        return {sku: _shipments(text_map(raw)) for sku, raw in zip(skus, await pipe.execute(), strict=True)}

    async def movements(self, *, after: str = "-", count: int = 1000) -> list[tuple[str, dict[str, str]]]:
        """Movements of every bucket after an entry id, merged in id order (ids are per stream; on one server
        they share its clock)."""
        start = after if after == "-" else f"({after}"
        pipe = self.redis.pipeline(transaction=False)
        for stream in keys.movement_streams(self.placement.count):
            pipe.xrange(stream, min=start, max="+", count=count)
        rows = [row for found in await pipe.execute() for row in entries(found)]
        return sorted(rows, key=lambda row: tuple(int(part) for part in row[0].split("-")))[:count]

    async def sku_history(self, sku: str, *, limit: int = 100, before: str = "") -> list[dict[str, str]]:
        """The SKU's movements newest first, from its own history (written by the verbs' scripts in its block):
        one read of at most `limit` entries, however busy the other SKUs are. `before`: an entry id, for the page
        older than it."""
        bucket = await self.placement.bucket(sku)
        rows = await self.redis.xrevrange(keys.sku_key(bucket, sku, "moves"), max=f"({before}" if before else "+",
                                          min="-", count=limit)
        return [{"id": entry_id, **fields} for entry_id, fields in entries(rows)]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _shipments(incoming: dict[str, str]) -> list[dict[str, Any]]:
    """A SKU's incoming hash (shipment id -> JSON) as shipments, soonest first."""
    return sorted(({"shipment_id": k, **json.loads(v)} for k, v in incoming.items()), key=lambda s: s["eta_ms"])


def _stock(sku: str, row: list[Any]) -> SkuStock | None:
    if not row or int(row[0]) == 0:
        return None
    product = row[8].decode() if isinstance(row[8], bytes) else str(row[8])
    return SkuStock(sku, product, *(int(x) for x in row[1:8]))

