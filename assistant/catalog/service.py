"""The live catalog: product data in Redis (shared by workers) and in memory (read per comment)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.exceptions import WatchError

from assistant.catalog.models import Catalog, Product
from assistant.catalog.role_defaults import apply_role_defaults
from assistant.catalog.validation import validate_catalog
from assistant.errors import Conflict, IdempotencyConflict, NotFound, StoreUnavailable
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.replies import text
from assistant.ledger.layout import StockLayout
from assistant.ledger.service import Ledger, new_op_id

if TYPE_CHECKING:  # chromadb is heavy (seconds to import): only a service that matches by meaning loads it
    from assistant.catalog.matcher import CatalogMatcher
    from assistant.catalog.semantic_index import SemanticIndex

# One hash tag for the catalog's keys: the MULTI that stores a load stays on one Redis Cluster slot.
CATALOG_KEY = "sa:{catalog}:data"
VERSION_KEY = "sa:{catalog}:version"  # bumped with every load, in the same transaction as the catalog
APPLYING_KEY = "sa:{catalog}:applying"  # a stored load whose SKU rows are still being written to the ledger
LOADER_SILENT_MS = 30_000  # a loader that has not written a chunk for this long has died: others finish its load
SKU_CHUNK = 500
LOAD_OP_PREFIX = "sa:{catalog}:op:"  # Idempotency-Key of a load -> digest of the file it loaded
INLINE_WAIT_S = 120.0  # the most a load or start waits for a small semantic index before answering without it
log = logging.getLogger("assistant.catalog")
Progress = Callable[[int, int], None]
EDIT_ATTEMPTS = 20


class CatalogChanged(Conflict, code="catalog_changed"): ...


class CatalogService:
    """The catalog every worker answers from.

    A load is stored first (catalog, version and an 'applying' mark in one MULTI) and then applied to the
    ledger in chunks, each row once per version. Nothing reaches the ledger unless the whole catalog is
    stored; a load cut short (a crash, a Redis outage) is finished by the next start, by another worker
    once the loader has gone silent, or by the next load. Workers adopt a version once it is applied.
    """

    def __init__(self, redis: Redis, ledger: Ledger, semantic: SemanticIndex | None = None,
                 inline_index_records: int = 400):
        self.redis = redis
        self.ledger = ledger
        self.semantic = semantic
        self.matcher: CatalogMatcher | None = semantic.matcher if semantic else None  # the comment parser's
        self.inline_index_records = inline_index_records  # smaller index jobs finish before a load answers
        self.catalog = Catalog(products=[])
        self.version = 0  # the VERSION_KEY this process's copy was read at
        self.read = False  # False until Redis was read once: "not in the catalog" would then be a guess
        self._listeners: list[Callable[[Catalog], None]] = []
        self.traffic_defaults: tuple[int, float] = (0, 0.0)  # (buyer limit, flash cap share); set from Settings
        self.follow_trouble = LoopTrouble("catalog follower", log)

    def on_change(self, listener: Callable[[Catalog], None]) -> None:
        self._listeners.append(listener)

    async def restore(self) -> None:
        """At start-up, and when another worker loaded a catalog: the catalog last loaded."""
        version, raw, applying = await _same_version(self.redis, lambda pipe: (pipe.get(CATALOG_KEY),
                                                                              pipe.hgetall(APPLYING_KEY)))
        version = int(version or 0)
        self.read = True
        if not raw:
            self.version = version
            return
        catalog = Catalog.model_validate_json(raw)
        if applying and int(applying[b"version"]) == version:
            await self._apply(catalog, version, actor=applying[b"actor"].decode(), reset=applying[b"reset"] == b"1",
                              op=applying[b"op"].decode())
        self.version = version
        self._set(catalog)
        await self._index(catalog, version)

    async def refresh_if_changed(self) -> bool:
        """Re-reads the catalog when another worker (or process) loaded a newer one and finished applying it."""
        version, (applying, beat_ms) = await _same_version(
            self.redis, lambda pipe: pipe.hmget(APPLYING_KEY, "version", "beat_ms"))
        version = int(version or 0)
        if version == self.version:
            self.read = True
            return False
        loader_alive = applying is not None and _now_ms() - int(beat_ms or 0) < LOADER_SILENT_MS
        if applying is not None and int(applying) == version and loader_alive:
            return False  # still being applied by its loader: adopt it once its SKUs are in the ledger
        await self.restore()
        return True

    async def follow(self, stop: asyncio.Event, interval_s: float = 0.5) -> None:
        """Polling, not pub/sub: a missed message would leave a worker on an old catalog for good.

        Stops on `stop`, not on cancellation alone: a cancel landing inside a Redis read can come back out of
        the client as a connection error, which this loop would log and carry on from.
        """
        wait_s = interval_s
        while not stop.is_set():
            stop_if_cancelled()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait_s)
                return
            try:
                await self.refresh_if_changed()
            except Exception as error:  # noqa: BLE001 - Redis may be restarting; try again after a back-off
                wait_s = self.follow_trouble.failed(error)
            else:
                self.follow_trouble.worked()
                wait_s = interval_s

    def _set(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.ledger.layout = StockLayout.of(catalog)
        for listener in self._listeners:
            listener(catalog)

    async def _index(self, catalog: Catalog, version: int) -> None:
        """Starts the semantic index for this version; small jobs are awaited, big ones run on behind."""
        if self.semantic is None:
            return
        run = self.semantic.start(catalog, version)
        planned, status = self.semantic.planned, self.semantic.status  # this run's, whatever starts next
        with contextlib.suppress(TimeoutError):  # bounded: the load answers anyway, the index catching up
            await asyncio.wait_for(planned.wait(), INLINE_WAIT_S)
        if not run.done() and status.records <= self.inline_index_records:
            await asyncio.wait({run}, timeout=INLINE_WAIT_S)  # a superseded run simply ends the wait

    async def load(
        self, raw: Any, *, actor: str, reset_stock: bool = False, progress: Progress | None = None,
        op_id: str | None = None, allow_empty: bool = False, based_on: int | None = None,
    ) -> dict[str, Any]:
        """op_id (an Idempotency-Key) covers the whole load: sent again after a failure half-way, the SKUs the
        first attempt reset are not reset twice and the counts answer what the first attempt did. based_on: the
        version this catalog was edited from; stored only if it is still the latest (else CatalogChanged)."""
        catalog = validate_catalog(raw, allow_empty=allow_empty)  # refuses the whole file before any write
        if op_id:
            await self._claim_load_op(op_id, catalog, reset_stock)
            remembered = await self.redis.get(f"{LOAD_OP_PREFIX}{op_id}:answer")
            if remembered:  # this load finished before: its answer, not a second version
                return json.loads(remembered)
        op = op_id or new_op_id()  # every row of this load under one op: applied again, nothing moves twice
        version = await self._store(catalog, actor, reset_stock, op, based_on)
        outcome = await self._apply(catalog, version, actor=actor, reset=reset_stock, op=op, progress=progress)
        self.version = version
        self._set(catalog)
        await self._index(catalog, version)
        answer = {"products": len(catalog.products), "variants": sum(len(p.variants) for p in catalog.products),
                  "version": version,
                  **outcome, "semantic_index": self.index_status()}
        if op_id:
            await self.redis.set(f"{LOAD_OP_PREFIX}{op_id}:answer", json.dumps(answer), ex=self.ledger.op_keep_seconds)
        return answer

    async def edit(self, change: Callable[[dict[str, Any]], dict[str, Any]], *, actor: str) -> dict[str, Any]:
        """Read-modify-write of the stored catalog (e.g. one warehouse added): `change` gets the latest stored
        catalog and returns the new one, stored only if no other load landed in between, else tried again on
        the newer one. Two ops editing at once both keep their edit (no lost update)."""
        for _ in range(EDIT_ATTEMPTS):
            version, raw = await _same_version(self.redis, lambda pipe: pipe.get(CATALOG_KEY))
            base = json.loads(raw) if raw else Catalog(products=[]).model_dump(mode="json")
            try:
                return await self.load(change(base), actor=actor, based_on=int(version or 0))
            except CatalogChanged:
                continue
        raise CatalogChanged("the catalog kept changing while this edit was applied; send it again")

    async def _store(self, catalog: Catalog, actor: str, reset: bool, op: str, based_on: int | None = None) -> int:
        """Catalog, next version and the applying mark in one transaction (one slot: all under {catalog})."""
        data = catalog.model_dump_json()
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(VERSION_KEY)
                    current = int(await pipe.get(VERSION_KEY) or 0)
                    if based_on is not None and current != based_on:
                        await pipe.reset()
                        raise CatalogChanged(f"the catalog changed (version {current}, edited from {based_on})",
                                             details={"version": current, "based_on": based_on})
                    version = current + 1
                    pipe.multi()
                    pipe.set(CATALOG_KEY, data)
                    pipe.set(VERSION_KEY, version)
                    pipe.delete(APPLYING_KEY)
                    pipe.hset(APPLYING_KEY, mapping={"version": version, "actor": actor, "op": op,
                                                     "reset": "1" if reset else "0", "beat_ms": _now_ms()})
                    await pipe.execute()
                    return version
                except WatchError:
                    continue  # another load took this version number: take the next

    async def _apply(self, catalog: Catalog, version: int, *, actor: str, reset: bool, op: str,
                     progress: Progress | None = None) -> dict[str, int]:
        rows = [(v.sku, p.id, v.on_hand, v.safety_stock) for p in catalog.products for v in p.variants
                if not v.is_virtual_bundle]  # an assembled bundle's stock is its components'

        outcome = {"created": 0, "reset": 0, "kept": 0}
        fresh: list[str] = []  # created or reset by this load: they take their role's default policies
        for start in range(0, len(rows), SKU_CHUNK):
            part = rows[start : start + SKU_CHUNK]
            for row, result in zip(part, await self.ledger.upsert_skus(part, actor, reset, op_id=op), strict=True):
                outcome[result if result in outcome else "kept"] += 1
                if result in ("created", "reset"):
                    fresh.append(row[0])
            await self.redis.hset(APPLYING_KEY, "beat_ms", _now_ms())
            if progress:
                progress(min(start + SKU_CHUNK, len(rows)), len(rows))
        rank = {w.id: (w.priority, i) for i, w in enumerate(catalog.warehouses)}
        stocked = {v.sku: [{"warehouse": s.warehouse, "on_hand": s.on_hand, "safety": s.safety_stock}
                           for s in sorted(v.stock, key=lambda s: rank[s.warehouse])]
                   for p in catalog.products for v in p.variants if v.stock}
        await self.ledger.warehouses.load([(sku, stocked[sku]) for sku in fresh if sku in stocked], actor, op)
        buyer_limit, cap_share = self.traffic_defaults
        await apply_role_defaults(self.ledger, catalog, fresh, buyer_limit=buyer_limit, flash_cap_ratio=cap_share,
                                  load_op=op)
        await _clear_if_version(self.redis, version)
        return outcome

    def index_status(self) -> dict[str, Any]:
        if self.semantic is None:
            return {"state": "off"}
        return self.semantic.status.public()

    async def _claim_load_op(self, op_id: str, catalog: Catalog, reset_stock: bool) -> None:
        """A load's Idempotency-Key names one file: reused for another file it is refused before any write."""
        digest = hashlib.sha256(f"{reset_stock}:{catalog.model_dump_json()}".encode()).hexdigest()
        key = f"{LOAD_OP_PREFIX}{op_id}"
        # SET NX, then a read of what won: a re-sent SET NX answers "not set", so the comparison decides, not it.
        await self.redis.set(key, digest, nx=True, ex=self.ledger.op_keep_seconds)
        if text(await self.redis.get(key) or b"") != digest:
            raise IdempotencyConflict(f"Idempotency-Key {op_id} was already used for a different catalog load",
                                      details={"op_id": op_id})

    def product(self, product_id: str) -> Product:
        product = self.catalog.product(product_id)
        if product is None and not self.read:  # started while Redis was down: the follower reads it when back
            raise StoreUnavailable("the catalog could not be read from the stock store yet; retry shortly")
        if product is None:
            raise NotFound(f"product {product_id} is not in the catalog", code="unknown_product")
        return product

    def product_of_sku(self, sku: str) -> Product | None:
        return self.catalog.product_of_sku(sku)



async def _same_version(redis: Redis, reads: Callable[[Any], object]) -> list[Any]:
    """The version, then what `reads` queues, all of one catalog version — without MULTI, which a full Redis
    refuses even for reads (a follower must still refresh then). A load bumps the version inside its own
    transaction, so the version read the same before and after means no load landed in between."""
    while True:
        pipe = redis.pipeline(transaction=False)
        pipe.get(VERSION_KEY)
        reads(pipe)
        pipe.get(VERSION_KEY)
        first, *values, last = await pipe.execute()
        if first == last:
            return [first, *values]


async def _clear_if_version(redis: Redis, version: int) -> None:
    """The applying mark goes only if it is still this load's (a newer load may have marked its own)."""
    async with redis.pipeline(transaction=True) as pipe:
        try:
            await pipe.watch(APPLYING_KEY)
            if int(await pipe.hget(APPLYING_KEY, "version") or 0) == version:
                pipe.multi()
                pipe.delete(APPLYING_KEY)
                await pipe.execute()
        except WatchError:
            pass  # a newer load took the mark over: it is its to clear


def _now_ms() -> int:
    return int(time.time() * 1000)
