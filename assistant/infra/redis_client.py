"""The one way the app builds its Redis client: it rides out a Redis restart instead of failing requests."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError

# 10 tries with backoff doubling from 16 ms to a 512 ms cap wait about 3 s in all: long enough for a local
# redis-server to come back from a crash (AOF replay included), short enough that a request does not hang.
RETRIES = 10


def make_redis_client(url: str, *, max_connections: int = 64, health_check_interval: int = 15) -> Redis:
    """An asyncio client whose commands reconnect and retry while Redis restarts.

    Retrying a ledger write is safe only because every ledger verb is idempotent (orders and holds by id):
    a script that ran before the connection dropped answers its remembered result when sent again.
    The pool blocks callers when all connections are busy rather than raising "Too many connections".
    """
    retry = Retry(ExponentialBackoff(), RETRIES)
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=20,
        retry=retry,
        retry_on_error=[ConnectionError, TimeoutError],
        health_check_interval=health_check_interval,
        socket_connect_timeout=2,
        socket_timeout=10,
        socket_keepalive=True,
    )
    return Redis(connection_pool=pool, retry=retry, retry_on_error=[ConnectionError, TimeoutError])
