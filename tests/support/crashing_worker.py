"""A worker process that places one order spanning buckets and stops dead at a crash point, for a test to
kill -9: `python -m tests.support.crashing_worker URL BUCKETS TTL_S STAGE ORDER_JSON`.

STAGE `before_decision`: every bucket's hold is placed, the decision is not recorded. `after_decision`: the
decision 'committed' is recorded, no bucket is confirmed. At the point it prints `crash-point` and waits.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from assistant.infra.redis_client import make_redis_client
from assistant.ledger.coordinator import Coordinator
from assistant.ledger.models import OrderRequest
from assistant.ledger.service import Ledger


async def _stop_here(*_: Any, **__: Any) -> Any:
    print("crash-point", flush=True)
    await asyncio.Event().wait()  # the test kills this process here


async def main(url: str, buckets: int, ttl_s: int, stage: str, order: str) -> None:
    ledger = Ledger(make_redis_client(url), buckets=buckets, cross_hold_ttl_seconds=ttl_s)
    coordinator: Coordinator = ledger.coordinator
    if stage == "before_decision":
        coordinator.decide = _stop_here  # type: ignore[method-assign]
    else:
        coordinator.finish = _stop_here  # type: ignore[method-assign]
    await ledger.place_order(OrderRequest.model_validate_json(order), "api")
    raise SystemExit("the order completed: the crash point was never reached")


if __name__ == "__main__":
    url, buckets, ttl, stage, order = sys.argv[1:6]
    asyncio.run(main(url, int(buckets), int(ttl), stage, order))
