"""The service on a 3-master Redis Cluster, as an operator would run it: started on the cluster URL."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_KEYS
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


@pytest.fixture
async def cluster_client(redis_cluster: LocalCluster, cluster_redis, tmp_path: Path, clock):
    from assistant.config import Settings
    from assistant.main import create_app

    settings = Settings(redis_url=redis_cluster.url, data_dir=tmp_path / "data", redis_socket_timeout_s=60.0,
                        api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=application), base_url="http://test") as http:
        yield http


async def test_the_service_starts_on_the_cluster_url_and_is_healthy(cluster_client) -> None:
    answer = await cluster_client.get("/healthz")
    assert answer.status_code == 200, answer.text
    assert answer.json()["redis"] == "ok"
