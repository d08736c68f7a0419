"""The Redis several worker processes share: the configured one, or an embedded one the parent owns.

A worker must not start the embedded server itself: two workers would race to start two servers on one AOF,
and the first worker to stop would take Redis away from the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from assistant.config import Settings
from assistant.infra.embedded_redis import EmbeddedRedis, running_embedded_url


@contextmanager
def shared_redis_url(settings: Settings) -> Iterator[str]:
    if settings.redis_url:
        yield settings.redis_url
        return
    data_dir = settings.data_dir / "redis"
    running = running_embedded_url(data_dir)
    if running is not None:  # another `serve` on this data dir owns it
        yield running
        return
    embedded = EmbeddedRedis(data_dir).start()
    try:
        yield embedded.url
    finally:
        embedded.stop()
