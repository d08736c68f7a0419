"""Orders the ledger refused (not enough stock, buyer limit, flash cap), kept per live room for ops.

The ledger keeps a refused order's answer under its order key so a retry gets the same refusal; this log
is keyed by order id too, so a retried refusal is counted once. Entries expire with the ledger's own.
Written by the ledger's order verbs themselves (one and pipelined), so every caller's refusals are logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from assistant.errors import AppError
from assistant.infra.replies import text
from assistant.ledger.models import OrderRequest

REFUSAL_CODES = ("insufficient_stock", "buyer_limit_exceeded", "flash_cap_reached")
log = logging.getLogger("assistant.ledger.refusals")


def _key(stream_id: str) -> str:
    return f"sa:ops:refusals:{stream_id or '-'}"


async def record(redis: Redis, refused: list[tuple[OrderRequest, AppError]], now_ms: float, keep_seconds: int) -> None:
    """One pipeline for a batch's refusals; other errors (a bad SKU, an id conflict) are not refusals."""
    kept = [(order, error) for order, error in refused if error.code in REFUSAL_CODES]
    if not kept:
        return
    pipe = redis.pipeline(transaction=False)
    for order, error in kept:
        entry = {"ts": int(now_ms), "code": error.code, "channel": order.channel,
                 "lines": [{"sku": sku, "qty": qty} for sku, qty in order.merged_lines()]}
        key = _key(order.stream_id or "")
        pipe.hsetnx(key, order.order_id, json.dumps(entry))
        pipe.expire(key, keep_seconds)
    try:
        await pipe.execute()
    except RedisError as error:
        # The ledger's answer stands on its own: a log entry lost to an outage must not turn a refusal the
        # buyer should hear into a 503, nor fail a pipelined batch whose orders were already decided.
        log.warning("%d refused orders not logged for ops (%s: %s)", len(kept), type(error).__name__, error)


async def refusals(redis: Redis, stream_id: str, since_ms: float | None) -> dict[str, Any]:
    raw = await redis.hgetall(_key(stream_id))
    rows = []
    for order_id, value in raw.items():
        entry = json.loads(value)
        if since_ms is None or entry["ts"] >= since_ms:
            rows.append({"order_id": text(order_id), **entry, "units": sum(line["qty"] for line in entry["lines"])})
    rows.sort(key=lambda r: r["ts"])
    by_code: dict[str, int] = {}
    for r in rows:
        by_code[r["code"]] = by_code.get(r["code"], 0) + 1
    return {"stream_id": stream_id, "refused_orders": len(rows), "refused_units": sum(r["units"] for r in rows),
            "by_reason": by_code, "orders": rows[:20]}
