"""The Redis several worker processes share: the configured one, or an embedded one the parent owns.

A worker must not start the embedded server itself: two workers would race to start two servers on one AOF,
and the first worker to stop would take Redis away from the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from assistant.config import Settings
from assistant.infra.embedded_supervisor import Supervisor, open_embedded


@contextmanager
def shared_redis_url(settings: Settings) -> Iterator[str]:
    if settings.redis_url:
        yield settings.redis_url
        return
    url, embedded = open_embedded(settings.data_dir / "redis")
    if embedded is None:  # another `serve` on this data dir owns it
        yield url
        return
    supervisor = Supervisor(embedded).start()
    try:
        yield url
    finally:
        supervisor.stop()
        embedded.stop()
