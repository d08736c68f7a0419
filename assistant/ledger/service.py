"""The stock ledger: every write is one Lua script, so no two buyers can take the same unit."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from redis.asyncio import Redis

from assistant.errors import (
    AppError,
    InvalidInput,
    NotFound,
    StoreFull,
)
from assistant.infra.replies import entries, text_map
from assistant.infra.store_errors import STORE_ERRORS, store_failure
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
from assistant.ledger.kits import KitLedger
from assistant.ledger.layout import StockLayout, bundle_stock
from assistant.ledger.models import HoldRequest, OrderRequest, SkuDetail, SkuStock
from assistant.ledger.outcomes import Answer
from assistant.ledger.scripts import LedgerScripts
from assistant.ledger.warehouses import WarehouseLedger

Clock = Callable[[], float]
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
    ):
        self.redis = redis
        self.clock = clock
        self.hold_ttl_seconds = hold_ttl_seconds
        self.order_keep_seconds = order_keep_seconds
        self.reject_keep_seconds = reject_keep_seconds
        self.op_keep_seconds = op_keep_seconds
        self.movement_maxlen = movement_maxlen
        self.scripts = LedgerScripts(redis)
        self.layout = StockLayout()  # the catalog's warehouses and bundles; set at every catalog change
        self.warehouses = WarehouseLedger(self)
        self.kits = KitLedger(self)  # issue 17: packing and unpacking pre-packed bundles

    def _head(self, actor: str, op_id: str = "") -> list[Any]:
        """The prelude's arguments: now, stream maxlen, actor, operation id, how long the op is remembered."""
        return [int(self.clock()), self.movement_maxlen, actor, op_id, self.op_keep_seconds * 1000]

    async def _run(self, verb: str, keys_: list[str], args: list[Any], client: Any = None) -> Any:
        try:
            return await self.scripts[verb](keys=[keys.MOVEMENTS, *keys_], args=args, client=client)
        except STORE_ERRORS as error:
            # A 503 for a write names its op id: sent again with it as Idempotency-Key, it cannot apply twice.
            failure = store_failure(error, op_id=str(args[3]) or None)
            if failure is None:
                raise
            raise failure from error

    # --- orders -------------------------------------------------------------------------------
    def order_call(self, order: OrderRequest, actor: str) -> tuple[list[str], list[Any]]:
        lines = self.layout.expand(order.merged_lines())  # issue 17: a bundle sells as its components
        sku_keys = [k for sku, _ in lines for k in keys.sku_block(sku)]
        args = [
            *self._head(actor), order.order_id, order.fingerprint(), order.buyer_id, order.channel,
            order.stream_id or "", self.order_keep_seconds, self.reject_keep_seconds, len(lines),
            *[x for line in lines for x in line],
            self._plan(order.channel, order.region, order.merged_lines()),
        ]
        return [keys.order(order.order_id), *sku_keys], args

    def _plan(self, channel: str, region: str | None, lines: list[tuple[str, int]]) -> str:
        """issue 17: the allocation plan (warehouses this buyer may be shipped from, in order) and the bundles
        the lines asked for (kept with the order and its movements), the scripts' last argument."""
        bundles = ",".join(f"{sku}:{qty}" for sku, qty in lines if sku in self.layout.bundles)
        return self.layout.plan(channel=channel, region=region or "").argument(bundles)

    async def place_order(self, order: OrderRequest, actor: str) -> OrderAnswer:
        keys_, args = self.order_call(order, actor)
        try:
            return outcomes.answer(await self._run("place_order", keys_, args), OrderAnswer, skus_in_body=True)
        except AppError as error:  # ops count refused orders per room ("有多少单被拒了")
            await refusals.record(self.redis, [(order, error)], self.clock(), self.reject_keep_seconds)
            raise

    async def place_orders(self, orders: Iterable[OrderRequest], actor: str) -> list[OrderAnswer | AppError]:
        """Pipelined: one round trip for many orders, each still atomic on its own."""
        orders = list(orders)
        pipe = self.redis.pipeline(transaction=False)
        for order in orders:
            keys_, args = self.order_call(order, actor)
            await self._run("place_order", keys_, args, client=pipe)
        answers: list[OrderAnswer | AppError] = []
        for raw in await pipe.execute():
            try:
                answers.append(outcomes.answer(raw, OrderAnswer, skus_in_body=True))
            except AppError as error:
                answers.append(error)
        refused = [(order, a) for order, a in zip(orders, answers, strict=True) if isinstance(a, AppError)]
        await refusals.record(self.redis, refused, self.clock(), self.reject_keep_seconds)
        return answers

    async def cancel_call(
        self, order_id: str, actor: str, reason: str = "", *, op_id: str | None = None
    ) -> tuple[list[str], list[Any]]:
        """The cancel script's keys and arguments: the order's SKUs are read first (a script declares its keys)."""
        raw = await self.redis.hget(keys.order(order_id), "lines")
        lines = json.loads(raw) if raw else []
        sku_keys = [k for line in lines for k in keys.sku_block(line["sku"])]
        return [keys.order(order_id), *sku_keys], [*self._head(actor, op_id or new_op_id()), order_id, reason]

    async def cancel_order(
        self, order_id: str, actor: str, reason: str = "", *, op_id: str | None = None
    ) -> CancelAnswer:
        return await self.run_call("cancel_order", await self.cancel_call(order_id, actor, reason, op_id=op_id),
                                   CancelAnswer)

    async def order(self, order_id: str) -> dict[str, Any] | None:
        raw = await self.redis.hgetall(keys.order(order_id))
        if not raw:
            return None
        record = text_map(raw)
        record["lines"] = json.loads(record.get("lines", "[]"))
        record.pop("response", None)
        return record

    # --- holds --------------------------------------------------------------------------------
    async def place_hold(self, hold: HoldRequest, actor: str) -> HoldAnswer:
        totals = dict(self.layout.expand(hold.merged_lines()))
        ttl_ms = (hold.ttl_seconds or self.hold_ttl_seconds) * 1000
        sku_keys = [k for sku in totals for k in keys.sku_block(sku)]
        args = [
            *self._head(actor), hold.hold_id, hold.fingerprint(), hold.buyer_id, hold.channel,
            hold.stream_id or "", ttl_ms, len(totals), *[x for item in totals.items() for x in item],
            self._plan(hold.channel, hold.region, hold.merged_lines()),
        ]
        return outcomes.answer(await self._run("place_hold", [keys.hold(hold.hold_id), *sku_keys], args), HoldAnswer,
                               skus_in_body=True)

    async def _hold_skus(self, hold_id: str) -> list[str]:
        raw = await self.redis.hget(keys.hold(hold_id), "lines")
        return [line["sku"] for line in json.loads(raw)] if raw else []

    async def confirm_call(self, hold_id: str, order_id: str, actor: str) -> tuple[list[str], list[Any]]:
        sku_keys = [k for sku in await self._hold_skus(hold_id) for k in keys.sku_block(sku)]
        args = [*self._head(actor), hold_id, order_id, self.order_keep_seconds]
        return [keys.hold(hold_id), keys.order(order_id), *sku_keys], args

    async def confirm_hold(self, hold_id: str, order_id: str, actor: str) -> OrderAnswer:
        return await self.run_call("confirm_hold", await self.confirm_call(hold_id, order_id, actor), OrderAnswer)

    async def release_call(self, hold_id: str, actor: str, *, op_id: str | None = None) -> tuple[list[str], list[Any]]:
        sku_keys = [k for sku in await self._hold_skus(hold_id) for k in keys.sku_block(sku)]
        return [keys.hold(hold_id), *sku_keys], [*self._head(actor, op_id or new_op_id()), hold_id]

    async def release_hold(self, hold_id: str, actor: str, *, op_id: str | None = None) -> ReleaseAnswer:
        return await self.run_call("release_hold", await self.release_call(hold_id, actor, op_id=op_id),
                                   ReleaseAnswer)

    async def run_call(self, verb: str, call: tuple[list[str], list[Any]], kind: type[Answer]) -> Answer:
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
        return outcomes.answer(await self._run(verb, keys.sku_block(sku), [*head, sku, *args]), kind)

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
        pipe = self.redis.pipeline(transaction=False)
        for sku, product_id, on_hand, safety in rows:
            args = [*head, sku, product_id, on_hand, safety, "1" if reset else "0"]
            await self._run("upsert_sku", keys.sku_block(sku), args, client=pipe)
        answers = await pipe.execute()
        for raw in answers:
            if outcomes.refused(raw):
                raise outcomes.refusal(raw)  # an op id reused for other rows
        return [_text(raw[1]) for raw in answers]

    # --- reads ----------------------------------------------------------------------------------
    async def read(self, skus: Sequence[str], client: Any = None) -> dict[str, SkuStock | None]:
        """Each SKU's figures; an assembled bundle's are composed from its components' in the same read.
        While Redis refuses writes (out of memory) still answered, expired holds left out (not purged)."""
        if not skus:
            return {}
        rows = self.layout.ledger_skus(skus)
        sku_keys = [k for sku in rows for k in keys.sku_read_block(sku)]
        try:
            raw = await self._run("read_skus", sku_keys, [*self._head("system"), "0", *rows], client=client)
        except StoreFull:
            raw = await self._run("read_skus", sku_keys, [*self._head("system"), "1", *rows], client=client)
        stocks = {sku: _stock(sku, row) for sku, row in zip(rows, raw, strict=True)}
        return {sku: self.compose(sku, stocks) for sku in skus}

    def compose(self, sku: str, stocks: dict[str, SkuStock | None]) -> SkuStock | None:
        parts = self.layout.bundles.get(sku)
        if parts is None:
            return stocks.get(sku)
        return bundle_stock(sku, self.layout.bundle_products[sku], parts, stocks)

    async def detail(self, sku: str) -> SkuDetail:
        stock = (await self.read([sku]))[sku]
        if stock is None:
            raise NotFound(f"SKU {sku} is not in the ledger", code="unknown_sku")
        pipe = self.redis.pipeline(transaction=False)
        for part in ("v", "holdqty", "buyers", "caps", "capsold", "alloc", "chsold", "incoming"):
            pipe.hgetall(keys.sku_key(sku, part))
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
        pipe = self.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.hgetall(keys.sku_key(sku, "incoming"))
        return {sku: _shipments(text_map(raw)) for sku, raw in zip(skus, await pipe.execute(), strict=True)}

    async def movements(self, *, after: str = "-", count: int = 1000) -> list[tuple[str, dict[str, str]]]:
        start = after if after == "-" else f"({after}"
        rows = await self.redis.xrange(keys.MOVEMENTS, min=start, max="+", count=count)
        return entries(rows)

    async def sku_history(self, sku: str, *, limit: int = 100, scan_cap: int = 100_000) -> list[dict[str, str]]:
        """Newest first; scans the shared movement stream backwards, at most scan_cap entries."""
        found: list[dict[str, str]] = []
        end, scanned = "+", 0
        while len(found) < limit and scanned < scan_cap:
            rows = await self.redis.xrevrange(keys.MOVEMENTS, max=end, min="-", count=2000)
            if not rows:
                break
            page = entries(rows)
            found += [{"id": entry_id, **fields} for entry_id, fields in page if fields.get("sku") == sku]
            scanned += len(rows)
            end = f"({page[-1][0]}"
        return found[:limit]


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

