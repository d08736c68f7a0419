"""Which Redis failures are a store outage (503 with a code) and which are bugs (500): single Redis and cluster."""

from __future__ import annotations

import pytest
from redis.exceptions import (
    ClusterCrossSlotError,
    ClusterDownError,
    ClusterError,
    ConnectionError,
    DataError,
    MasterDownError,
    OutOfMemoryError,
    ResponseError,
    SlotNotCoveredError,
    TimeoutError,
    TryAgainError,
)

from assistant.infra.redis_client import ReplyLost
from assistant.infra.store_errors import store_failure


@pytest.mark.parametrize("error", [
    ConnectionError("Connection refused"), TimeoutError("Timeout reading from socket"), ReplyLost("restock"),
    ResponseError("LOADING Redis is loading the dataset in memory"), ResponseError("MISCONF no disk"),
    ClusterDownError("CLUSTERDOWN The cluster is down"), MasterDownError("MASTERDOWN Link with MASTER is down"),
    TryAgainError("TRYAGAIN"), ClusterError("TTL exhausted."), SlotNotCoveredError("slot 42 is not covered"),
])
def test_an_unreachable_store_is_store_unavailable(error) -> None:
    failure = store_failure(error)
    assert failure is not None and failure.status_code == 503 and failure.code == "store_unavailable"
    assert int(failure.headers()["Retry-After"]) > 0


@pytest.mark.parametrize("error", [
    OutOfMemoryError("OOM command not allowed when used memory > 'maxmemory'."),
    ResponseError("Error running script (call to f_x): @user_script:9: OOM command not allowed when used memory"),
])
def test_a_full_store_is_store_full(error) -> None:
    failure = store_failure(error, op_id="op-1")
    assert failure is not None and failure.code == "store_full" and failure.details == {"op_id": "op-1"}


@pytest.mark.parametrize("error", [
    ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value"),
    ClusterCrossSlotError("Keys in request don't hash to the same slot"), DataError("Invalid input"),
])
def test_a_bug_stays_a_bug(error) -> None:
    assert store_failure(error) is None
