"""Which bucket each SKU lives in: decided once, at catalog load, and stored, so every worker agrees.

A new SKU goes to its product's bucket (crc32(product id) % BUCKETS: a product's variants share a slot, so the
usual order is one script). The choice is written with HSETNX and never changed, so a SKU moved to another
product, a worker still on an older catalog, or a restarted one all find the SKU where its stock is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from assistant.errors import LedgerMisconfigured, StoreFull
from assistant.infra.store_errors import STORE_ERRORS, store_failure
from assistant.ledger import keys


async def store_call(call: Any) -> Any:
    """A placement read or write; Redis away or busy is the ledger's 503, as for its scripts."""
    try:
        return await call
    except STORE_ERRORS as error:
        failure = store_failure(error)
        if failure is None:
            raise
        raise failure from error


class Placement:
    def __init__(self, redis: Any, buckets: int):
        self.redis = redis
        self.count = buckets
        self._known: dict[str, int] = {}  # never changes once stored, so cached for good
        self._verified = False

    async def verify(self) -> None:
        """The bucket count is fixed per deployment: the first worker to use the ledger stores its count
        (keys.BUCKET_COUNT, SETNX); a worker configured with another raises LedgerMisconfigured and must not
        move stock, since an order id's claim and a SKU's placement follow from the count (a replay could find
        no claim and apply twice). Checked once per worker, at start-up and before its first ledger write."""
        if self._verified:
            return
        stored = await store_call(self.redis.get(keys.BUCKET_COUNT))
        if stored is None:
            try:
                pipe = self.redis.pipeline(transaction=False)
                pipe.setnx(keys.BUCKET_COUNT, await self._created_with())
                pipe.get(keys.BUCKET_COUNT)
                _, stored = await store_call(pipe.execute())
            except StoreFull:  # Redis refuses every write (no stock moves either): reads go on, checked again
                return
        created = int(stored)
        if created != self.count:
            raise LedgerMisconfigured(
                f"STOCK_ASSISTANT_LEDGER_BUCKETS is {self.count} but the ledger in this Redis was created with "
                f"{created} buckets ({keys.BUCKET_COUNT}); the count is fixed per deployment: set it to {created}",
                details={"configured": self.count, "stored": created})
        self._verified = True

    async def _created_with(self) -> int:
        """The count of a ledger that predates the stored count: one with movements in bucket 0 but no placement
        was made with one bucket (with more, every SKU loaded is placed); else nothing tells, so this worker's."""
        if self.count == 1:
            return 1
        pipe = self.redis.pipeline(transaction=False)
        pipe.exists(keys.movements(0))
        pipe.exists(keys.PLACEMENT)
        moved, placed = await store_call(pipe.execute())
        return 1 if moved and not placed else self.count

    async def place(self, rows: Iterable[tuple[str, str]]) -> dict[str, int]:
        """(sku, product id) rows: each SKU's bucket, stored for the new ones."""
        rows = list(rows)
        await self.verify()
        if self.count == 1:  # one bucket: nothing to decide or store (the count is fixed per deployment)
            return {sku: 0 for sku, _ in rows}
        pipe = self.redis.pipeline(transaction=False)
        for sku, product in rows:
            pipe.hsetnx(keys.PLACEMENT, sku, keys.bucket_for(product, self.count))
        for start in range(0, len(rows), 1000):
            pipe.hmget(keys.PLACEMENT, [sku for sku, _ in rows[start:start + 1000]])
        answers = await store_call(pipe.execute())
        stored = [b for chunk in answers[len(rows):] for b in chunk]
        for (sku, _), bucket in zip(rows, stored, strict=True):
            self._known[sku] = int(bucket)
        return {sku: self._known[sku] for sku, _ in rows}

    async def buckets(self, skus: Sequence[str]) -> dict[str, int]:
        """Each SKU's bucket; a SKU never placed (not in the ledger) hashes by its own name, where its
        verbs find nothing and answer unknown_sku."""
        if self.count == 1:
            return dict.fromkeys(skus, 0)
        missing = list(dict.fromkeys(s for s in skus if s not in self._known))
        if missing:
            found = await store_call(self.redis.hmget(keys.PLACEMENT, missing))
            for sku, bucket in zip(missing, found, strict=True):
                if bucket is not None:
                    self._known[sku] = int(bucket)
        return {sku: self._known.get(sku, keys.bucket_for(sku, self.count)) for sku in skus}

    async def bucket(self, sku: str) -> int:
        return (await self.buckets([sku]))[sku]

    async def group(self, lines: Sequence[tuple[str, int]]) -> dict[int, list[tuple[str, int]]]:
        """Order lines per bucket, buckets in first-line order."""
        where = await self.buckets([sku for sku, _ in lines])
        groups: dict[int, list[tuple[str, int]]] = {}
        for sku, qty in lines:
            groups.setdefault(where[sku], []).append((sku, qty))
        return groups

    async def blocks(self, skus: Sequence[str]) -> dict[str, list[str]]:
        where = await self.buckets(skus)
        return {sku: keys.sku_block(where[sku], sku) for sku in skus}
