"""A real 3-master Redis Cluster for tests: Debian's redis-server 7 with `--cluster-enabled yes` (never a fake),
started by assistant/infra/local_cluster.py (shared with `bench ledger --cluster`) with AOF `appendfsync always`,
so a kill -9 test loses nothing acknowledged.

Fixtures (registered from tests/conftest.py):
- `redis_cluster` (session): the running `LocalCluster`; `.url` is the service's URL for it
  (`redis+cluster://127.0.0.1:<port>`), `.kill(i)` / `.restart(i)` kill -9 one master and start it again on its AOF.
- `cluster_redis`: an asyncio `RedisCluster` on it (bytes replies like the single-Redis fixture), flushed first.
Tests using them are marked `cluster`; they skip with a message where no redis-server >= 7 is installed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio.cluster import RedisCluster

from assistant.infra.local_cluster import LocalCluster, cluster_binary
from tests.support.redis_clients import OBSERVER_TIMEOUT_S

__all__ = ["LocalCluster", "cluster_client", "cluster_redis", "redis_cluster"]


def cluster_client(startup: LocalCluster) -> RedisCluster:
    from redis.asyncio.cluster import ClusterNode as Startup

    return RedisCluster(startup_nodes=[Startup(host, port) for host, port in startup.startup_nodes],
                        socket_timeout=OBSERVER_TIMEOUT_S, socket_connect_timeout=OBSERVER_TIMEOUT_S)


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    binary = cluster_binary()
    if binary is None:
        pytest.skip("Redis Cluster tests need redis-server >= 7 (Debian: apt install redis-server; or set "
                    "STOCK_ASSISTANT_TEST_REDIS_SERVER); none found")
    cluster = LocalCluster(binary, tmp_path_factory.mktemp("redis-cluster"), appendfsync="always")
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture
async def cluster_redis(redis_cluster: LocalCluster) -> AsyncIterator[RedisCluster]:
    redis_cluster.heal()  # a test before may have killed a master and failed before restarting it
    redis_cluster.flushall()
    client = cluster_client(redis_cluster)
    try:
        yield client
    finally:
        await client.aclose()
