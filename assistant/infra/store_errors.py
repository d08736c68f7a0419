"""What a Redis failure means to a caller: the store is unreachable (503 store_unavailable) or full (store_full)."""

from __future__ import annotations

from redis.exceptions import ConnectionError, OutOfMemoryError, ReadOnlyError, ResponseError, TimeoutError

from assistant.errors import StoreFull, StoreUnavailable
from assistant.infra.redis_client import ReplyLost

_UNKNOWN_OUTCOME = (
    "; a write may or may not have been applied: send it again with the same Idempotency-Key to find out"
)


def is_out_of_memory(error: BaseException) -> bool:
    """Redis at maxmemory under noeviction: refused before a write (OOM ...) or from inside a script (6.2 wraps it)."""
    return isinstance(error, OutOfMemoryError) or (
        isinstance(error, ResponseError) and "OOM command not allowed" in str(error)
    )


def store_failure(error: BaseException, op_id: str | None = None) -> StoreUnavailable | None:
    """The 503 a Redis failure answers, or None when it is not a store outage (then it is a bug)."""
    details = {"op_id": op_id} if op_id else None
    if is_out_of_memory(error):
        return StoreFull("the stock store is full and refuses writes; reads still work, retry later", details=details)
    if isinstance(error, ReplyLost | TimeoutError):
        message = "the stock store did not answer in time" + (_UNKNOWN_OUTCOME if op_id else "")
        return StoreUnavailable(message, details=details)
    if isinstance(error, ConnectionError | ReadOnlyError) or (
        isinstance(error, ResponseError) and str(error).startswith(("MISCONF", "LOADING", "MASTERDOWN"))
    ):
        return StoreUnavailable("the stock store cannot be reached; retry shortly", details=details)
    return None
