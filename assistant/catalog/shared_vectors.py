"""Vectors one worker embedded, read by the others: each catalog text is embedded once, not once per worker.

Kept in one Redis hash per embedding model (record id -> float16 bytes, 768 bytes for e5-small's 384
dimensions): about 5 MB per 1,000 products of the sample's shape. Entries of texts no catalog uses any more
are pruned after an index run. A lease names the worker that embeds; the others wait for its vectors. Two
workers embedding at once (a lease lost to a pause) only duplicates work: vectors are a function of the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike
from redis.asyncio import Redis

from assistant.infra.lease import Lease
from assistant.infra.replies import blob, members

CHUNK = 1000
LEASE_MS = 30_000


def vectors_key(model: str) -> str:
    return f"sa:{{catalog}}:vectors:{model}"


def lease_key(model: str) -> str:
    return f"sa:{{catalog}}:embedding-lease:{model}"


def as_stored(vectors: Iterable[ArrayLike]) -> list[list[float]]:
    """The precision every worker indexes with, the embedding worker included: all answer alike."""
    return [np.asarray(v, dtype=np.float16).astype(np.float32).tolist() for v in vectors]


class SharedVectors:
    def __init__(self, redis: Redis, model: str) -> None:
        self.redis = redis
        self.key = vectors_key(model)
        self._lease = Lease(redis, lease_key(model), ttl_ms=LEASE_MS)

    async def get(self, record_ids: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for start in range(0, len(record_ids), CHUNK):
            chunk = record_ids[start : start + CHUNK]
            for record_id, raw in zip(chunk, await self.redis.hmget(self.key, chunk), strict=True):
                if raw:
                    found[record_id] = np.frombuffer(blob(raw), dtype=np.float16).astype(np.float32).tolist()
        return found

    async def put(self, vectors: Mapping[str, ArrayLike]) -> None:
        if vectors:
            mapping = {k: np.asarray(v, dtype=np.float16).tobytes() for k, v in vectors.items()}
            await self.redis.hset(self.key, mapping=mapping)  # type: ignore[arg-type]

    async def prune(self, keep: set[str]) -> int:
        """Drops the vectors of texts the current catalog no longer has."""
        gone = [f for f in members(await self.redis.hkeys(self.key)) if f not in keep]
        for start in range(0, len(gone), CHUNK):
            await self.redis.hdel(self.key, *gone[start : start + CHUNK])
        return len(gone)

    async def hold_lease(self) -> bool:
        """True while this worker is (or has just become) the one that embeds."""
        return await self._lease.hold()

    async def release_lease(self) -> None:
        await self._lease.release()
