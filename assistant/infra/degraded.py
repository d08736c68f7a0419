"""Side effects dropped while Redis refused writes: counted per kind and reported, never silently lost."""

from __future__ import annotations

import logging
from collections import Counter

log = logging.getLogger("assistant.degraded")


class LostSideEffects:
    """Per process (Redis is the thing refusing writes, so the count cannot live there); /healthz reports it."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def lost(self, kind: str, count: int, error: BaseException) -> None:
        self.counts[kind] += count
        log.warning("store refused a write; %d %s lost (%d so far): %s", count, kind, self.counts[kind], error)
