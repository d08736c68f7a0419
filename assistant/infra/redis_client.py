"""The one way the app builds its Redis client, and when it may send a command again.

A command that failed before it reached Redis (connection refused, Redis restarting) is always sent again,
with backoff, for up to a time budget. A command whose reply was lost (a time-out or a dropped connection after
it was sent) may already have run: it is sent again only when running it twice is harmless — reads, writes that
set a value, and scripts declared replay-safe (every ledger verb is, by its operation id). Anything else
(INCR, XADD, HSETNX, other scripts ...) raises ReplyLost instead of being applied twice.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import lru_cache
from typing import Any

from redis.asyncio import BlockingConnectionPool, ConnectionPool, Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, RedisError, TimeoutError

# Sending these twice leaves Redis as sending them once did (counts of changed fields aside).
REPLAY_SAFE_COMMANDS = frozenset({
    # connection and server
    "PING", "ECHO", "INFO", "TIME", "DBSIZE", "CONFIG", "SELECT", "CLIENT", "HELLO", "AUTH", "COMMAND",
    "SCRIPT", "WATCH", "UNWATCH",
    # reads
    "GET", "MGET", "STRLEN", "GETRANGE", "EXISTS", "TYPE", "TTL", "PTTL", "KEYS", "SCAN", "HGET", "HMGET",
    "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "HSCAN", "LRANGE", "LLEN", "LINDEX", "SMEMBERS",
    "SISMEMBER", "SMISMEMBER", "SCARD", "SSCAN", "ZRANGE", "ZRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYSCORE",
    "ZRANK", "ZREVRANK", "ZSCORE", "ZMSCORE", "ZCARD", "ZCOUNT", "ZSCAN", "XRANGE", "XREVRANGE", "XLEN",
    "XINFO", "XPENDING", "XREAD",
    # writes that set a value
    "SET", "MSET", "HSET", "HMSET", "DEL", "UNLINK", "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT",
    "PERSIST", "SADD", "SREM", "HDEL", "ZADD", "ZREM", "XACK", "XDEL",
})
# SET is safe only as a plain overwrite: with NX/XX/GET its answer tells the caller something a re-send changes.
_SET_FLAGS_UNSAFE = frozenset({"NX", "XX", "GET"})
# Scripts that may run twice harmlessly: SHA1 of their source -> a name for logs (content-addressed, so one
# table serves every client).
_REPLAY_SAFE_SCRIPTS: dict[str, str] = {}
log = logging.getLogger("assistant.redis")


class ReplyLost(RedisError):
    """Redis got a command whose reply never came, and re-sending it could apply it twice: its outcome is unknown."""


def declare_replay_safe(scripts: dict[str, str]) -> None:
    """Scripts (SHA1 -> name) whose second run answers the first run's answer (the ledger's verbs, by op id)."""
    _REPLAY_SAFE_SCRIPTS.update(scripts)


@lru_cache(maxsize=256)
def _sha_of(body: str | bytes) -> str:
    return hashlib.sha1(body.encode() if isinstance(body, str) else body).hexdigest()  # noqa: S324 - Redis's own


def describe(args: Sequence[Any]) -> str:
    """A command as logs name it: the script's name for EVALSHA (or a registered script's EVAL)."""
    command = _name(args[0])
    if command == "EVALSHA" and len(args) > 1:
        return _REPLAY_SAFE_SCRIPTS.get(_name(args[1]).lower(), "EVALSHA")
    if command == "EVAL" and len(args) > 1:
        return _REPLAY_SAFE_SCRIPTS.get(_sha_of(args[1]), "EVAL")
    return command


def _name(part: Any) -> str:
    return (part.decode() if isinstance(part, bytes) else str(part)).upper()


def replay_safe(args: Sequence[Any]) -> bool:
    """Whether the command `args` may be sent again after its reply was lost."""
    command = _name(args[0]).split(" ")[0]
    if command in ("EVALSHA", "EVAL"):
        # EVAL: a cluster pipeline sends a registered script's body (infra/cluster_client.py), named by its SHA1
        sha = _name(args[1]).lower() if command == "EVALSHA" else _sha_of(args[1])
        return sha in _REPLAY_SAFE_SCRIPTS
    if command == "SET":
        return not any(_name(a) in _SET_FLAGS_UNSAFE for a in args[3:] if isinstance(a, str | bytes))
    if command == "ZADD":
        return not any(_name(a) == "INCR" for a in args[2:] if isinstance(a, str | bytes))
    return command in REPLAY_SAFE_COMMANDS


class BudgetRetry(Retry):
    """Retries with backoff until `budget_s` has passed, not a fixed count: a stall of several socket
    time-outs must end in a clear failure, not in minutes of waiting."""

    def __init__(self, budget_s: float):
        super().__init__(ExponentialBackoff(cap=0.512, base=0.008), retries=-1)
        self.budget_s = budget_s

    async def call_with_retry(
        self,
        do: Callable[[], Awaitable[Any]],
        fail: Callable[..., Any],
        is_retryable: Callable[[Exception], bool] | None = None,
        with_failure_count: bool = False,
    ) -> Any:
        deadline = time.monotonic() + self.budget_s

        def in_budget(error: Exception) -> bool:
            again = time.monotonic() < deadline and (is_retryable is None or is_retryable(error))
            log.warning("Redis: %s (%s); %s", error, type(error).__name__, "trying again" if again else "giving up")
            return again

        return await super().call_with_retry(do, fail, in_budget, with_failure_count)


async def _lost(conn: Any, what: str, error: Exception) -> ReplyLost:
    # The connection may still deliver the late reply: drop it so no later command reads it as its own.
    await conn.disconnect()
    return ReplyLost(f"{what}: Redis did not answer in time; it may or may not have applied it")


class _GuardedSend:
    """Re-sends a command after a lost reply only when `replay_safe` says so (clients and pipelines alike)."""

    parse_response: Callable[..., Awaitable[Any]]  # the client's or pipeline's own

    async def _send_command_parse_response(self, conn: Any, command_name: Any, *args: Any, **options: Any) -> Any:
        await conn.send_command(*args)  # failing here (connect, health check), Redis never got it: may re-send
        try:
            return await self.parse_response(conn, command_name, **options)
        except (ConnectionError, TimeoutError) as error:
            if not replay_safe(args):
                raise await _lost(conn, describe(args), error) from error
            log.warning("%s: reply lost (%s); replay-safe, sending it again", describe(args), type(error).__name__)
            raise


# redis-py's own bases disagree on command_info's signature; any subclass of its clients inherits the complaint.
class StoreRedis(_GuardedSend, Redis):  # type: ignore[misc]
    """The app's client: see the module's docstring."""

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> Pipeline:
        return StorePipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)


class StorePipeline(_GuardedSend, Pipeline):  # type: ignore[misc]
    """A pipeline is re-sent after a lost reply only when every command in it is replay-safe; the commands it
    runs at once (WATCH, the reads after it, SCRIPT EXISTS) follow the single-command rule."""

    def _all_safe(self, commands: Sequence[Any]) -> bool:
        return all(replay_safe(args) for args, _ in commands)

    async def _execute_pipeline(self, connection: Any, commands: Any, raise_on_error: bool) -> Any:
        if self._all_safe(commands):
            await connection.connect()
            try:
                return await super()._execute_pipeline(connection, commands, raise_on_error)
            except (ConnectionError, TimeoutError) as error:
                names = sorted({describe(args) for args, _ in commands})
                log.warning("pipeline of %d (%s): reply lost (%s); replay-safe, sending it again", len(commands),
                            ", ".join(names), type(error).__name__)
                raise
        await connection.connect()  # failing to connect sends nothing: that failure stays retryable
        try:
            return await super()._execute_pipeline(connection, commands, raise_on_error)
        except (ConnectionError, TimeoutError) as error:
            raise await _lost(connection, "pipeline", error) from error

    async def _execute_transaction(self, connection: Any, commands: Any, raise_on_error: bool) -> Any:
        if self._all_safe(commands):
            return await super()._execute_transaction(connection, commands, raise_on_error)
        await connection.connect()
        try:
            return await super()._execute_transaction(connection, commands, raise_on_error)
        except (ConnectionError, TimeoutError) as error:
            raise await _lost(connection, "transaction", error) from error


def make_redis_client(
    url: str,
    *,
    max_connections: int = 64,
    health_check_interval: int = 15,
    socket_timeout_s: float = 5.0,
    retry_budget_s: float = 3.0,
) -> Redis:
    """An asyncio client that reconnects while Redis restarts and never applies a non-idempotent command twice.

    socket_timeout_s bounds how long one command waits for Redis (a stalled server answers 503 after it);
    retry_budget_s how long a command keeps reconnecting. The pool blocks callers when all connections are
    busy rather than raising "Too many connections". A `redis+cluster://` URL builds the cluster client
    (infra/cluster_client.py) with the same guarantees.
    """
    from assistant.infra.cluster_client import is_cluster_url, make_cluster_client

    if is_cluster_url(url):
        return make_cluster_client(url, max_connections=max_connections, socket_timeout_s=socket_timeout_s,
                                   retry_budget_s=retry_budget_s)
    retry = BudgetRetry(retry_budget_s)
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=20,
        retry=retry,
        retry_on_error=[ConnectionError, TimeoutError],
        health_check_interval=health_check_interval,
        socket_connect_timeout=min(2.0, socket_timeout_s),
        socket_timeout=socket_timeout_s,
        socket_keepalive=True,
    )
    return StoreRedis(connection_pool=pool, retry=retry, retry_on_error=[ConnectionError, TimeoutError])


def own_client(shared: Redis) -> Redis:
    """A client on the same Redis (or Cluster) with connections of its own, for a loop's blocking reads: they
    never hold up, or wait behind, the request pool. Close it with aclose()."""
    from assistant.infra.cluster_client import StoreRedisCluster

    if isinstance(shared, StoreRedisCluster):
        return shared.twin()
    return Redis(connection_pool=ConnectionPool(**shared.connection_pool.connection_kwargs))
