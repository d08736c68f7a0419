"""`stock-assistant bench memory`: Redis used_memory per 1,000 orders and per 1,000 comments, as the service
writes them.

The real app (create_app, its background loops running) on a Redis of the bench's own (or
STOCK_ASSISTANT_REDIS_URL, flushed: point it at a scratch server), driven over HTTP in process: the sample
catalog (stock raised so nothing sells out) and its lineup, then one kind of work per scenario on a flushed
Redis: single-line orders (one bucket, the default; and 16 buckets, each order id also claimed in its home
bucket), 3-line orders whose lines sit in three buckets (the coordinator's holds, decision and confirms), and
live comments (results, the room's ask stream, reply budget and cooldowns, demand counts). Each figure is the
used_memory growth once the background consumers have caught up (healthz: no consumer behind), per 1,000, with
the growth split by kind of key (MEMORY USAGE of every key, keys named by their shape). The order scenarios
report the growth again once the ledger has compacted the records (Ledger.compact, run as the sweeper loop will
once the cancel window is over), against the growth right after the orders, and whether buyer counts expire.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis

from assistant.bench.common import bench_redis
from assistant.bench.memory_work import KEYS, ROOM, Work, auth, bench_catalog, comments, orders, sample

SETTLE_S = 120.0


def key_kind(key: str) -> str:
    """A key by its shape: the ledger's by part ('sa:{b}:order', 'sa:{b}:<sku>:buyers'), others by their first
    four parts, the hash tag starred ('sa:comments:{*}:result:*')."""
    parts = re.sub(r"\{[^}]*\}", "{*}", key).split(":")
    if len(parts) >= 3 and parts[1] == "{*}" and key.startswith("sa:{b"):
        if parts[2] in ("order", "hold", "oclaim", "hclaim", "movements", "pending", "placement", "op", "rejected",
                        "compact-due"):
            return f"sa:{{b}}:{parts[2]}"
        return f"sa:{{b}}:<sku>:{parts[-1]}" if len(parts) > 3 else "sa:{b}:<sku>"
    return ":".join(parts[:4] + ["*"] if len(parts) > 4 else parts)


async def memory_by_kind(redis: Redis) -> tuple[Counter[str], Counter[str]]:
    """(bytes, keys) per kind of key."""
    found = [key async for key in redis.scan_iter(count=2000)]
    pipe = redis.pipeline(transaction=False)
    for key in found:
        pipe.memory_usage(key, samples=0)
    sizes, counts = Counter[str](), Counter[str]()
    for key, size in zip(found, await pipe.execute(), strict=True):
        kind = key_kind(key.decode() if isinstance(key, bytes) else str(key))
        sizes[kind] += int(size or 0)
        counts[kind] += 1
    return sizes, counts


async def _settled(http: httpx.AsyncClient) -> None:
    """Waits until no consumer group is behind (the demand consumer has counted every ask)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        consumers = (await http.get("/healthz")).json().get("consumers", {})
        if all(lag["undelivered"] + lag["pending"] == 0 for lag in consumers.values()):
            return
        await asyncio.sleep(0.2)
    raise RuntimeError("bench memory: the background consumers did not catch up within two minutes")


async def compacted(redis: Redis, buckets: int, cancel_days: float) -> None:
    """Runs the ledger's compaction (the sweeper loop's) as it will run once the orders' cancel window is over:
    a ledger whose clock is a day past it."""
    from assistant.ledger.service import Ledger

    later = Ledger(redis, clock=lambda: time.time() * 1000 + (cancel_days + 1) * 86_400_000, buckets=buckets)
    while await later.compact(limit=1000):
        pass


async def _expiring(redis: Redis) -> dict[str, int]:
    """Buyer-limit counts, and how many of them carry a TTL (they expire with the sale)."""
    found = [key async for key in redis.scan_iter(match="sa:{b*}:*:buyers", count=2000)]
    pipe = redis.pipeline(transaction=False)
    for key in found:
        pipe.pttl(key)
    return {"keys": len(found), "with_ttl": sum(1 for ttl in await pipe.execute() if int(ttl) > 0)}


def _per_1000(count: int, before: int, after: int, sizes_before: Counter[str], sizes_after: Counter[str]
              ) -> dict[str, Any]:
    grown = {kind: round((sizes_after[kind] - sizes_before[kind]) * 1000 / count)
             for kind in sizes_after if sizes_after[kind] - sizes_before[kind] > 0}
    return {"used_memory_bytes": after - before, "bytes_per_1000": round((after - before) * 1000 / count),
            # the keys' own growth (MEMORY USAGE): steadier than used_memory for a short run, which also counts
            # the allocator's and the clients' buffers
            "key_bytes_per_1000": round((sum(sizes_after.values()) - sum(sizes_before.values())) * 1000 / count),
            "by_kind_bytes_per_1000": dict(sorted(grown.items(), key=lambda item: -item[1])[:10])}


async def scenario(url: str, data_dir: Path, buckets: int, count: int, work: Work, *, compact: bool = False
                   ) -> dict[str, Any]:
    """The growth of one kind of work; with `compact`, also once the ledger has compacted the orders' records."""
    from assistant.config import Settings
    from assistant.main import create_app

    redis = Redis.from_url(url)
    await redis.flushall()
    settings = Settings(redis_url=url, data_dir=data_dir, ledger_buckets=buckets, redis_socket_timeout_s=60.0,
                        log_level="warning",
                        api_keys=",".join(f"{role}:{key}" for role, key in KEYS.items()))
    app = create_app(settings)
    catalog = bench_catalog()
    try:
        async with (app.router.lifespan_context(app),
                    httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http):
            assert (await http.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
            lineup = {"items": sample("sample-lineup.json")["items"]}
            assert (await http.put(f"/v1/streams/{ROOM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
            await _settled(http)
            before, (sizes_before, _) = int((await redis.info("memory"))["used_memory"]), await memory_by_kind(redis)
            await work(http, catalog)
            await _settled(http)
            after, (sizes_after, counts) = int((await redis.info("memory"))["used_memory"]), await memory_by_kind(redis)
            figures = {"count": count, "buckets": buckets, **_per_1000(count, before, after, sizes_before, sizes_after),
                       "keys_after": sum(counts.values())}
            if compact:
                figures["buyer_counts"] = await _expiring(redis)
                await compacted(redis, buckets, settings.order_cancel_days)
                later, (sizes_later, _) = int((await redis.info("memory"))["used_memory"]), await memory_by_kind(redis)
                figures["after_compaction"] = _per_1000(count, before, later, sizes_before, sizes_later)
                figures["after_compaction"]["ratio_to_before"] = round(
                    figures["after_compaction"]["key_bytes_per_1000"] / figures["key_bytes_per_1000"], 3)
    finally:
        await redis.aclose()
    return figures


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would bury the figures
    count = 300 if getattr(args, "quick", False) else 3000
    plan = {"orders_1_line": (1, orders(count, 1), True), "orders_1_line_16_buckets": (16, orders(count, 1), True),
            "orders_3_lines_3_buckets": (16, orders(count, 3), True), "comments": (1, comments(count), False)}
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp, bench_redis(Path(tmp) / "redis") as (url, where):

        async def main() -> dict[str, Any]:
            figures = {name: await scenario(url, Path(tmp) / name, buckets, count, work, compact=compact)
                       for name, (buckets, work, compact) in plan.items()}
            redis = Redis.from_url(url)
            try:
                version = (await redis.info("server"))["redis_version"]
            finally:
                await redis.aclose()
            return {"redis_version": version, **figures}

        return {"redis": where, **asyncio.run(main())}
