"""The app's Redis Cluster client: chosen by the URL's scheme, `redis+cluster://host:port[,host:port...]`
(`rediss+cluster://` for TLS), or by asking the node a plain `redis://host:port` names (the contract: any node's
URL is enough). Any one reachable node is enough to discover the others.

The question is asked once, when the settings are read (`detect_cluster`). The service must start while Redis
is down (see infra/deferred_start): a plain URL whose Redis does not answer then is taken for one Redis, so an
operator who must start the service while the cluster is down names it `redis+cluster://`. A worker that
guessed wrong cannot corrupt the ledger: its bucket count (1, not the cluster's 16) differs from the stored
one and it refuses (ledger/bucket_count).

A command whose reply was lost is sent again only when `replay_safe` says so, as on one Redis. The cluster
client cannot tell a refused connection from a lost reply, so any connection failure of an unsafe command
(INCR, XADD, a non-ledger script...) raises ReplyLost at once (a 503 the caller retries with its operation id);
safe ones are retried with backoff across the budget while a master restarts or the layout is re-read. A
pipeline or transaction holding any unsafe command follows the same rule (infra/cluster_pipeline.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast
from urllib.parse import urlsplit

from redis import Redis as SyncRedis
from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, ClusterPipeline, RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError, RedisError, TimeoutError
from redis.retry import Retry as SyncRetry

from assistant.infra.cluster_pipeline import OncePipelineStrategy, OnceTransactionStrategy
from assistant.infra.redis_client import ReplyLost, describe, replay_safe

CLUSTER_SCHEMES = ("redis+cluster", "rediss+cluster")
PROBE_S = 2.0  # asking a plain URL's node whether it is a cluster node, at start-up
log = logging.getLogger("assistant.redis")
_STEP_S = 0.25  # the backoff's cap: retries are counted from the budget at this pace


def is_cluster_url(url: str) -> bool:
    return urlsplit(url).scheme in CLUSTER_SCHEMES


def detect_cluster(url: str) -> str:
    """A plain redis:// (or rediss://) URL of a Redis Cluster node as the cluster URL; any other URL as it is.

    Asks the node `INFO cluster` once (PROBE_S to connect and answer, no retries); no answer: one Redis."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        return url  # a unix socket, the embedded Redis, or already a cluster URL
    try:
        probe = SyncRedis.from_url(url, socket_connect_timeout=PROBE_S, socket_timeout=PROBE_S,
                                   retry=SyncRetry(NoBackoff(), 0))
        try:
            enabled = int(probe.info("cluster").get("cluster_enabled", 0)) == 1
        finally:
            probe.close()
    except RedisError as error:
        log.warning("STOCK_ASSISTANT_REDIS_URL: %s did not answer (%s); taken for one Redis, not a cluster. "
                    "Name a cluster redis+cluster://host:port to start while it is down.", parts.netloc, error)
        return url
    if not enabled:
        return url
    return f"{parts.scheme}+cluster://{parts.netloc}"  # a cluster has database 0 only: no path


def startup_nodes(url: str) -> list[tuple[str, int]]:
    """redis+cluster://h1:7000,h2:7001 -> [(h1, 7000), (h2, 7001)] (port 6379 when absent)."""
    netloc = urlsplit(url).netloc.rsplit("@", 1)[-1]
    nodes = []
    for part in netloc.split(","):
        host, _, port = part.strip().rpartition(":") if ":" in part else (part.strip(), "", "6379")
        if not host:
            raise ValueError(f"STOCK_ASSISTANT_REDIS_URL {url!r}: a cluster URL names host:port of a node")
        nodes.append((host.strip("[]"), int(port)))
    return nodes


# Script bodies by SHA1, for pipelines: redis-py refuses EVALSHA in a cluster pipeline, and a master restarted
# from its AOF has an empty script cache, so a pipelined script is sent whole (EVAL), never NOSCRIPT.
_SOURCES: dict[str, Any] = {}


async def _queued(pipe: ClusterPipeline) -> ClusterPipeline:
    return pipe


class StorePipeline(ClusterPipeline):
    """A cluster pipeline that runs registered scripts (each on its keys' slot) and is never re-sent after a lost
    reply when it holds an unsafe command (infra/cluster_pipeline.py)."""

    def __init__(self, client: RedisCluster, transaction: bool | None = None) -> None:
        super().__init__(client, transaction)
        self._execution_strategy = OnceTransactionStrategy(self) if transaction else OncePipelineStrategy(self)

    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True) -> list[Any]:
        client = self.cluster_client
        if not isinstance(client, StoreRedisCluster):
            return await super().execute(raise_on_error, allow_redirections)
        async with client.permits():
            return await super().execute(raise_on_error, allow_redirections)

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> Any:
        source = _SOURCES.get(sha)
        if source is None:
            self.execute_command("EVALSHA", sha, numkeys, *keys_and_args)
        else:
            self.execute_command("EVAL", source, numkeys, *keys_and_args)
        # AsyncScript awaits what this returns; awaiting a ClusterPipeline itself would reset its queue.
        return _queued(self)


class StoreRedisCluster(RedisCluster):
    """RedisCluster that never re-sends a command whose second run could apply it twice."""

    made_with: tuple[str, dict[str, Any]] = ("", {})  # make_cluster_client's arguments, for twin()
    # redis-py's cluster client raises MaxConnectionsError (a ConnectionError) when a node's connections are all
    # busy, where one Redis's blocking pool makes the caller wait: a catalog load's few hundred concurrent
    # scripts failed as a 503. A command or a pipeline takes a permit, at most one connection per node each, and
    # there are half as many permits as connections per node, so no node runs out; the rest wait their turn.
    in_flight: asyncio.Semaphore | None = None

    def permits(self) -> asyncio.Semaphore:
        if self.in_flight is None:
            self.in_flight = asyncio.Semaphore(max(1, int(self.made_with[1].get("max_connections", 64)) // 2))
        return self.in_flight

    async def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        async with self.permits():
            return await super().execute_command(*args, **kwargs)

    def pipeline(self, transaction: Any | None = None, shard_hint: Any | None = None) -> ClusterPipeline:
        if shard_hint:
            return super().pipeline(transaction, shard_hint)  # redis-py's own refusal
        return StorePipeline(self, transaction)  # type: ignore[abstract]  # redis-py's own class sets it

    def register_script(self, script: Any) -> AsyncScript:  # type: ignore[override]  # redis-py's async one
        registered = super().register_script(script)
        _SOURCES[registered.sha] = registered.script
        return registered

    def twin(self) -> Redis:
        """Another client on the same cluster with the same settings and connections of its own."""
        url, options = self.made_with
        return make_cluster_client(url, **options)

    async def _execute_command(self, target_node: ClusterNode, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super()._execute_command(target_node, *args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            if replay_safe(args):
                raise
            raise ReplyLost(f"{describe(args)}: Redis Cluster did not answer; it may or may not have applied it"
                            ) from error


def make_cluster_client(url: str, *, max_connections: int, socket_timeout_s: float, retry_budget_s: float) -> Redis:
    """The cluster client, typed as the app's Redis: it answers every command the app sends (single-slot keys,
    scripts, pipelines, WATCH/MULTI on one slot) with the same signatures, so every store keeps one type."""
    parts = urlsplit(url)
    retry = Retry(ExponentialBackoff(cap=_STEP_S, base=0.008), retries=max(1, int(retry_budget_s / _STEP_S)))
    client = StoreRedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in startup_nodes(url)],
        username=parts.username, password=parts.password, ssl=parts.scheme == "rediss+cluster",
        max_connections=max_connections, retry=retry, require_full_coverage=True,
        socket_connect_timeout=min(2.0, socket_timeout_s), socket_timeout=socket_timeout_s,
        socket_keepalive=True,
    )
    client.made_with = (url, {"max_connections": max_connections, "socket_timeout_s": socket_timeout_s,
                              "retry_budget_s": retry_budget_s})
    return cast(Redis, client)
