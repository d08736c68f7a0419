"""The live catalog: product data in Redis (shared by workers) and in memory (read per comment)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

from redis.asyncio import Redis

from assistant.catalog.models import Catalog, Product
from assistant.catalog.role_defaults import apply_role_defaults
from assistant.catalog.validation import validate_catalog
from assistant.errors import IdempotencyConflict, NotFound
from assistant.ledger.service import Ledger, new_op_id

CATALOG_KEY = "sa:catalog"
VERSION_KEY = "sa:catalog:version"  # bumped with every load, in the same transaction as the catalog
LOAD_OP_PREFIX = "sa:catalog:op:"  # Idempotency-Key of a load -> digest of the file it loaded
log = logging.getLogger("assistant.catalog")
Progress = Callable[[int, int], None]


class ProductIndex(Protocol):
    def index(self, catalog: Catalog) -> None: ...


class CatalogService:
    def __init__(self, redis: Redis, ledger: Ledger, matcher: ProductIndex | None = None):
        self.redis = redis
        self.ledger = ledger
        self.matcher = matcher
        self.catalog = Catalog(products=[])
        self.version = 0  # the VERSION_KEY this process's copy was read at
        self._listeners: list[Callable[[Catalog], None]] = []
        self.traffic_defaults: tuple[int, float] = (0, 0.0)  # (buyer limit, flash cap share); set from Settings

    def on_change(self, listener: Callable[[Catalog], None]) -> None:
        self._listeners.append(listener)

    async def restore(self) -> None:
        """At start-up, and when another worker loaded a catalog: the catalog last loaded."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.get(CATALOG_KEY)
        pipe.get(VERSION_KEY)
        raw, version = await pipe.execute()
        if raw:
            catalog = Catalog.model_validate_json(raw)
            if self.matcher is not None:
                await asyncio.to_thread(self.matcher.index, catalog)  # unchanged records are not re-embedded
            self._set(catalog)
        self.version = int(version or 0)

    async def refresh_if_changed(self) -> bool:
        """Re-reads the catalog when another worker (or process) loaded a newer one."""
        version = int(await self.redis.get(VERSION_KEY) or 0)
        if version == self.version:
            return False
        await self.restore()
        return True

    async def follow(self, stop: asyncio.Event, interval_s: float = 0.5) -> None:
        """Polling, not pub/sub: a missed message would leave a worker on an old catalog for good.

        Stops on `stop`, not on cancellation alone: a cancel landing inside a Redis read can come back out of
        the client as a connection error, which this loop would log and carry on from.
        """
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_s)
                return
            try:
                await self.refresh_if_changed()
            except Exception as error:  # noqa: BLE001 - Redis may be restarting; try again next tick
                log.warning("catalog refresh failed: %s", error)

    def _set(self, catalog: Catalog) -> None:
        self.catalog = catalog
        for listener in self._listeners:
            listener(catalog)

    async def load(
        self, raw: Any, *, actor: str, reset_stock: bool = False, progress: Progress | None = None,
        op_id: str | None = None,
    ) -> dict[str, int]:
        """op_id (an Idempotency-Key) covers the whole load: sent again after a failure half-way, the SKUs the
        first attempt reset are not reset twice and the counts answer what the first attempt did."""
        catalog = validate_catalog(raw)  # refuses the whole file before anything is written
        rows = [(v.sku, p.id, v.on_hand, v.safety_stock) for p in catalog.products for v in p.variants]
        outcome = {"created": 0, "reset": 0, "kept": 0}
        fresh: list[str] = []
        chunk = 200
        if op_id:
            await self._claim_load_op(op_id, catalog, reset_stock)
        op_id = op_id or new_op_id()
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            answers = await self.ledger.upsert_skus(part, actor, reset_stock, op_id=op_id)
            for row, result in zip(part, answers, strict=True):
                outcome[result] += 1
                if result != "kept":
                    fresh.append(row[0])
            if progress:
                progress(min(start + chunk, len(rows)), len(rows))
        buyer_limit, cap_share = self.traffic_defaults
        await apply_role_defaults(self.ledger, catalog, fresh, buyer_limit=buyer_limit, flash_cap_ratio=cap_share)
        if self.matcher is not None:
            await asyncio.to_thread(self.matcher.index, catalog)
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(CATALOG_KEY, catalog.model_dump_json())
        pipe.incr(VERSION_KEY)
        _, self.version = await pipe.execute()
        self._set(catalog)
        return {"products": len(catalog.products), "variants": len(rows), **outcome}

    async def _claim_load_op(self, op_id: str, catalog: Catalog, reset_stock: bool) -> None:
        """A load's Idempotency-Key names one file: reused for another file it is refused before any write."""
        digest = hashlib.sha256(f"{reset_stock}:{catalog.model_dump_json()}".encode()).hexdigest()
        key = f"{LOAD_OP_PREFIX}{op_id}"
        # SET NX, then a read of what won: a re-sent SET NX answers "not set", so the comparison decides, not it.
        await self.redis.set(key, digest, nx=True, ex=self.ledger.op_keep_seconds)
        if (await self.redis.get(key) or b"").decode() != digest:
            raise IdempotencyConflict(f"Idempotency-Key {op_id} was already used for a different catalog load",
                                      details={"op_id": op_id})

    def product(self, product_id: str) -> Product:
        product = self.catalog.product(product_id)
        if product is None:
            raise NotFound(f"product {product_id} is not in the catalog", code="unknown_product")
        return product

    def product_of_sku(self, sku: str) -> Product | None:
        return self.catalog.product_of_sku(sku)

