"""Side effects dropped while Redis refused writes: counted per kind and reported, never silently lost."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redis.exceptions import ResponseError

from assistant.infra.store_errors import is_out_of_memory

log = logging.getLogger("assistant.degraded")


@dataclass
class Kept:
    kept: bool = True  # False once Redis refused the write for want of memory


class LostSideEffects:
    """Per process (Redis is the thing refusing writes, so the count cannot live there); /healthz reports it."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def lost(self, kind: str, count: int, error: BaseException) -> None:
        self.counts[kind] += count
        log.warning("store refused a write; %d %s lost (%d so far): %s", count, kind, self.counts[kind], error)

    @contextmanager
    def unless_full(self, kind: str, count: int = 1) -> Iterator[Kept]:
        """Runs a write the answer can do without: refused by a full Redis, it is counted as `count` lost
        `kind` (yielded .kept turns False) and the caller answers anyway; any other failure is raised."""
        outcome = Kept()
        try:
            yield outcome
        except ResponseError as error:  # OutOfMemoryError is one, and 6.2's in-script refusal too
            if not is_out_of_memory(error):
                raise
            outcome.kept = False
            self.lost(kind, count, error)
