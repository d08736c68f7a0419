"""What one sales channel may still take of a SKU under the channel allocations (issue 17: availability per
channel). The plain-Python mirror of the prelude's `channel_available`, which an order's script checks: the pool
minus what the other channels still have reserved, capped by the channel's own allocation when it has one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.infra.replies import text_map
from assistant.ledger import keys
from assistant.ledger.models import SkuStock


def allowance(channel: str, sellable: int, alloc: Mapping[str, int], sold: Mapping[str, int],
              held: Mapping[str, int]) -> int:
    pool, own = sellable, None
    for ch, units in alloc.items():
        left = max(0, units - sold.get(ch, 0) - held.get(ch, 0))
        if ch == channel:
            own = left
        else:
            pool -= left
    pool = max(0, pool)
    return pool if own is None else min(own, pool)


async def channel_allowances(redis: Any, where: Mapping[str, int], channel: str,
                             stocks: Mapping[str, SkuStock | None]) -> dict[str, int]:
    """Per SKU (of `where`: SKU -> its bucket), what `channel` may sell now by the allocations alone (one
    pipelined read)."""
    skus = list(where)
    pipe = redis.pipeline(transaction=False)
    for sku in skus:  # allocations, sold per channel, hold qty ('held:<channel>': units on holds)
        for part in ("alloc", "chsold", "holdqty"):
            pipe.hgetall(keys.sku_key(where[sku], sku, part))
    raw = await pipe.execute()
    out: dict[str, int] = {}
    for i, sku in enumerate(skus):
        alloc, sold, holds = (_ints(text_map(raw[3 * i + j])) for j in range(3))
        held = {k.removeprefix("held:"): v for k, v in holds.items() if k.startswith("held:")}
        stock = stocks.get(sku)
        out[sku] = allowance(channel, stock.sellable, alloc, sold, held) if stock else 0
    return out


def _ints(mapping: Mapping[str, str]) -> dict[str, int]:
    return {k: int(v) for k, v in mapping.items() if v.lstrip("-").isdigit()}
