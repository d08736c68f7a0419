"""What a Redis failure means to a caller: the store is unreachable (503 store_unavailable) or full (store_full)."""

from __future__ import annotations

from redis.exceptions import (
    ClusterDownError,
    ClusterError,
    ConnectionError,
    OutOfMemoryError,
    ReadOnlyError,
    RedisClusterException,
    RedisError,
    ResponseError,
    SlotNotCoveredError,
    TimeoutError,
    TryAgainError,
)

from assistant.errors import StoreFull, StoreUnavailable
from assistant.infra import metrics
from assistant.infra.redis_client import ReplyLost

_UNKNOWN_OUTCOME = (
    "; a write may or may not have been applied: send it again with the same Idempotency-Key to find out"
)


# A cluster that lost a primary, is resharding or ran out of redirects: unreachable for now, not a bug. A
# cross-slot refusal is left out on purpose: that is a key-layout bug (a 500).
_CLUSTER_OUTAGES = (ClusterDownError, TryAgainError, SlotNotCoveredError, ClusterError)
# What the API's store handler catches: every Redis error, and the cluster client's own (not RedisErrors).
STORE_ERRORS = (RedisError, RedisClusterException)


def is_out_of_memory(error: BaseException) -> bool:
    """Redis at maxmemory under noeviction: refused before a write (OOM ...) or from inside a script (6.2 wraps it)."""
    return isinstance(error, OutOfMemoryError) or (
        isinstance(error, ResponseError) and "OOM command not allowed" in str(error)
    )


def store_failure(error: BaseException, op_id: str | None = None) -> StoreUnavailable | None:
    """The 503 a Redis failure answers, or None when it is not a store outage (then it is a bug). Each outage
    is counted here, where it turns into its 503 (once: the ledger's 503s are AppErrors from then on)."""
    failure = _failure(error, {"op_id": op_id} if op_id else None)
    if failure is not None:
        metrics.REDIS_ERRORS.labels(type(error).__name__).inc()
    return failure


def store_outage(error: BaseException) -> StoreUnavailable | None:
    """What store_failure answers, without counting it: for a background loop's log, not a request's answer. A
    ledger step's own 503 (store_failure made it, and counted it) is that outage too."""
    if isinstance(error, StoreUnavailable):
        return error
    return _failure(error, None)


def _failure(error: BaseException, details: dict[str, str] | None) -> StoreUnavailable | None:
    if is_out_of_memory(error):
        return StoreFull("the stock store is full and refuses writes; reads still work, retry later", details=details)
    if isinstance(error, ReplyLost | TimeoutError):
        message = "the stock store did not answer in time" + (_UNKNOWN_OUTCOME if details else "")
        return StoreUnavailable(message, details=details)
    if isinstance(error, (ConnectionError, ReadOnlyError, *_CLUSTER_OUTAGES)) or (
        isinstance(error, ResponseError) and str(error).startswith(("MISCONF", "LOADING", "MASTERDOWN"))
    ):
        return StoreUnavailable("the stock store cannot be reached; retry shortly", details=details)
    return None
