"""The live catalog: product data in Redis (shared by workers) and in memory (read per comment)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from redis.asyncio import Redis

from assistant.catalog.models import Catalog, Product
from assistant.catalog.validation import validate_catalog
from assistant.errors import NotFound
from assistant.ledger.service import Ledger

CATALOG_KEY = "sa:catalog"
Progress = Callable[[int, int], None]


class ProductIndex(Protocol):
    def index(self, catalog: Catalog) -> None: ...


class CatalogService:
    def __init__(self, redis: Redis, ledger: Ledger, matcher: ProductIndex | None = None):
        self.redis = redis
        self.ledger = ledger
        self.matcher = matcher
        self.catalog = Catalog(products=[])
        self._listeners: list[Callable[[Catalog], None]] = []

    def on_change(self, listener: Callable[[Catalog], None]) -> None:
        self._listeners.append(listener)

    async def restore(self) -> None:
        """At start-up: the catalog last loaded, so a restart serves the same products."""
        raw = await self.redis.get(CATALOG_KEY)
        if raw:
            catalog = Catalog.model_validate_json(raw)
            if self.matcher is not None:
                await asyncio.to_thread(self.matcher.index, catalog)  # unchanged records are not re-embedded
            self._set(catalog)

    def _set(self, catalog: Catalog) -> None:
        self.catalog = catalog
        for listener in self._listeners:
            listener(catalog)

    async def load(
        self, raw: Any, *, actor: str, reset_stock: bool = False, progress: Progress | None = None
    ) -> dict[str, int]:
        catalog = validate_catalog(raw)  # refuses the whole file before anything is written
        rows = [(v.sku, p.id, v.on_hand, v.safety_stock) for p in catalog.products for v in p.variants]
        outcome = {"created": 0, "reset": 0, "kept": 0}
        chunk = 200
        for start in range(0, len(rows), chunk):
            for result in await self.ledger.upsert_skus(rows[start : start + chunk], actor, reset_stock):
                outcome[result] += 1
            if progress:
                progress(min(start + chunk, len(rows)), len(rows))
        await self.redis.set(CATALOG_KEY, catalog.model_dump_json())
        if self.matcher is not None:
            await asyncio.to_thread(self.matcher.index, catalog)
        self._set(catalog)
        return {"products": len(catalog.products), "variants": len(rows), **outcome}

    def product(self, product_id: str) -> Product:
        product = self.catalog.product(product_id)
        if product is None:
            raise NotFound(f"product {product_id} is not in the catalog", code="unknown_product")
        return product

    def product_of_sku(self, sku: str) -> Product | None:
        return next((p for p in self.catalog.products for v in p.variants if v.sku == sku), None)

