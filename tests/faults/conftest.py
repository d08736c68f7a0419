"""Fault tests on a real external redis-server (Debian's Redis 7) that each test starts, pauses and kills."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from redis.asyncio import Redis

from assistant.infra.embedded_redis import EmbeddedRedis
from tests.conftest import TEST_KEYS

REDIS_SERVER = Path(os.environ.get("STOCK_ASSISTANT_FAULT_REDIS_SERVER", "/usr/bin/redis-server"))
# How long a Redis command may wait here: far shorter than the default, so stalls past it stay short.
SOCKET_TIMEOUT_S = 2.0
# A generous bound on waiting for a condition on a loaded machine; reaching it fails the test (a hang guard,
# not a timing assertion).
PATIENCE_S = 120.0

pytestmark = pytest.mark.skipif(not REDIS_SERVER.exists(), reason=f"fault tests need {REDIS_SERVER} (apt redis-server)")


class ExternalRedis:
    """A redis-server process the test controls: pause (SIGSTOP), resume, kill -9, start again on its AOF."""

    def __init__(self, data_dir: Path):
        self.server = EmbeddedRedis(data_dir, binary=str(REDIS_SERVER)).start()
        self.paused = False

    @property
    def url(self) -> str:
        return self.server.url

    def pause(self) -> None:
        os.kill(self.server.pid or 0, signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        if self.paused:
            os.kill(self.server.pid or 0, signal.SIGCONT)
            self.paused = False

    def kill(self) -> None:
        self.resume()
        self.server.kill()

    def start_again(self) -> None:
        self.server = EmbeddedRedis(self.server.data_dir, port=self.server.port, binary=str(REDIS_SERVER)).start()

    def stop(self) -> None:
        self.resume()
        self.server.stop()


@pytest.fixture
def external(tmp_path: Path) -> Iterator[ExternalRedis]:
    server = ExternalRedis(tmp_path / "external-redis")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fault_settings(external: ExternalRedis, tmp_path: Path) -> dict[str, object]:
    return {
        "redis_url": external.url,
        "data_dir": tmp_path / "data",
        "api_keys": ",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()),
        "redis_socket_timeout_s": SOCKET_TIMEOUT_S,
        # Long enough that a stalled command is sent again until the test resumes Redis.
        "redis_retry_budget_s": 600.0,
    }


@pytest.fixture
def settings(fault_settings):
    from assistant.config import Settings

    return Settings(**fault_settings)


@pytest.fixture
async def redis(external: ExternalRedis) -> AsyncIterator[Redis]:
    client = Redis.from_url(external.url)
    try:
        yield client
    finally:
        await client.aclose()


async def fill_up(redis: Redis) -> None:
    """Redis at its maxmemory under noeviction for as long as the test needs: 1 byte, since a cap at part of what
    is used now can turn roomy once client buffers drain. Reads still answer; writes get OOM."""
    await redis.config_set("maxmemory-policy", "noeviction")
    await redis.config_set("maxmemory", "1")


async def eventually(condition: Callable[[], bool | Awaitable[bool]], what: str) -> None:
    """Waits for a condition by polling it; fails naming it after PATIENCE_S (a hang guard only)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE_S
    while True:
        outcome = condition()
        if not isinstance(outcome, bool):
            outcome = await outcome
        if outcome:
            return
        if loop.time() > deadline:
            pytest.fail(f"gave up waiting for: {what}")
        await asyncio.sleep(0.05)


class LogCapture(logging.Handler):
    """What a logger (and its children) said, to wait for a line or count them."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]

    def saw(self, text: str) -> bool:
        return any(text in message for message in self.messages)


C = TypeVar("C", bound=LogCapture)
RedisLog = LogCapture  # the client's warnings: "this verb's reply was lost and it may be sent again"


@contextmanager
def capturing(logger_name: str, level: int, kind: type[C] = LogCapture) -> Iterator[C]:  # type: ignore[assignment]
    handler = kind(level)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def redis_log() -> Iterator[LogCapture]:
    with capturing("assistant.redis", logging.WARNING) as handler:
        yield handler
