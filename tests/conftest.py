"""Shared fixtures: a real, throwaway redis-server per test session (never a fake)."""

from __future__ import annotations

import os
import resource
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from assistant.infra.embedded_redis import EmbeddedRedis
from tests.support.redis_clients import async_client

# The Redis Cluster fixtures (redis_cluster, cluster_redis): tests/support/redis_cluster.py.
pytest_plugins = ["tests.support.redis_cluster"]


def _allow_many_open_files() -> None:
    """The suite starts hundreds of apps, each with its Redis clients and an embedded chroma whose sqlite files
    stay open until the process ends; a 1,024 soft limit (a common CI default) is not enough for all of them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65_536 if hard == resource.RLIM_INFINITY else min(hard, 65_536)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


_allow_many_open_files()


class ManualClock:
    """A controllable clock in milliseconds for holds, velocities and windows."""

    def __init__(self, start_ms: float = 1_800_000_000_000.0):
        self.now_ms = start_ms

    def __call__(self) -> float:
        return self.now_ms

    def advance(self, seconds: float) -> None:
        self.now_ms += seconds * 1000


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    binary = os.environ.get("STOCK_ASSISTANT_TEST_REDIS_SERVER")  # e.g. /usr/bin/redis-server for Redis 7
    with EmbeddedRedis(tmp_path_factory.mktemp("redis"), binary=binary) as server:
        yield server


@pytest.fixture
async def redis(redis_server: EmbeddedRedis) -> AsyncIterator[Redis]:
    client = async_client(redis_server.url)
    await client.flushall()
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def output_dir() -> Path:
    """Artifacts kept by CI (screenshots, reports)."""
    path = Path(__file__).parent.parent / "test-output"
    path.mkdir(exist_ok=True)
    return path


TEST_KEYS = {"integration": "int-key", "host": "host-key", "ops": "ops-key", "admin": "admin-key"}
SAMPLE_DATA = Path(__file__).parent.parent / "assistant" / "data"


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TEST_KEYS[role]}"}


@pytest.fixture
def settings(redis_server: EmbeddedRedis, tmp_path: Path):
    from assistant.config import Settings

    return Settings(
        redis_url=redis_server.url,
        data_dir=tmp_path / "data",
        api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()),
        # The 5 s default is a live room's "fail fast with a 503"; tests/faults exercise it with their own
        # settings. On a loaded CI machine (a disk busy with chroma's writes, other runs) Redis can take longer
        # than that to answer a catalog load's 500-script pipeline, and the test would see a 503 for the machine.
        redis_socket_timeout_s=60.0,
        # The 8 s default is a live room's "answer or decline"; tests/agent exercise the budget with their own
        # settings. Under load the offline ops engine took 17 s on one bundle question and the test saw no tool
        # calls, a budget decline the machine caused, not the engine.
        llm_timeout_seconds=120.0,
        webhook_allow_private_addresses=True,  # the tests' webhook receivers listen on 127.0.0.1
    )


@pytest.fixture
async def app(settings, redis: Redis, clock: ManualClock):
    """The real app with its lifespan, on the throwaway Redis (flushed), with the controllable clock."""
    from assistant.main import create_app

    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app):
    import httpx

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


@pytest.fixture
async def loaded(client):
    """The sample catalog loaded and its lineup set on stream demo-live."""
    import json

    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
    assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    answer = await client.put("/v1/streams/demo-live/lineup", json={"items": lineup["items"]}, headers=auth("host"))
    assert answer.status_code == 200
    return client
