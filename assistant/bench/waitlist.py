"""`stock-assistant bench waitlist`: what waitlists cost the comment path and Redis.

On an embedded redis-server, in process: 20,000 viewers join 1,000 variants' waitlists in batches of 100 (as a
comment batch does), the memory that takes, one notice for a variant 2,000 viewers wait for, and the extra
round trip every comments response makes (reading the room's pending notice parts). Each figure comes with a
baseline measured in the same run on the same Redis: pipelined SADDs of the same entries, and a bare GET.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from rich.console import Console
from rich.progress import Progress

from assistant.bench.common import bench_redis
from assistant.waitlist.store import Join, WaitlistStore

STREAM = "bench-waitlist"
BATCH = 100
T0 = 1_800_000_000_000


async def _per_s(count: int, work: Any) -> float:
    started = time.perf_counter()
    await work()
    return count / (time.perf_counter() - started)


async def _measure(redis: Redis, viewers: int, variants: int, calls: int, progress: Progress) -> dict[str, Any]:
    store = WaitlistStore(redis)
    joins = [Join(STREAM, f"SKU-{n % variants:04d}", f"viewer{n}", f"@viewer{n}", "zh") for n in range(viewers)]
    task = progress.add_task("joins", total=len(joins))
    before = int((await redis.info("memory"))["used_memory"])

    async def join_all() -> None:
        for start in range(0, len(joins), BATCH):
            await store.join_many(joins[start:start + BATCH], T0 + start)
            progress.advance(task, BATCH)

    joins_per_s = await _per_s(len(joins), join_all)
    used = int((await redis.info("memory"))["used_memory"]) - before

    async def sadd_all() -> None:  # the baseline: the same entries, one pipelined SADD each
        for start in range(0, len(joins), BATCH):
            pipe = redis.pipeline(transaction=False)
            for j in joins[start:start + BATCH]:
                pipe.sadd(f"bench:{{{STREAM}}}:{j.sku}", j.user_id)
            await pipe.execute()

    sadd_per_s = await _per_s(len(joins), sadd_all)
    big = [Join(STREAM, "SKU-BIG", f"fan{n}", f"@fan{n}", "zh") for n in range(2000)]
    for start in range(0, len(big), BATCH):
        await store.join_many(big[start:start + BATCH], T0)
    head = {"id": "n-big", "stream_id": STREAM, "sku": "SKU-BIG", "product_id": None, "colour": None, "size": None,
            "ts": T0 + 1, "trigger": {"returned": 40}}
    started = time.perf_counter()
    issued = await store.issue(STREAM, "SKU-BIG", "m1|SKU-BIG", T0 + 1, T0 + 1, "n-big", 0, head)
    issue_ms = (time.perf_counter() - started) * 1000

    async def pending_reads() -> None:
        for _ in range(calls):
            await store.pending_parts(STREAM, 3)

    async def bare_gets() -> None:
        for _ in range(calls):
            await redis.get("bench:nothing")

    pending_per_s, get_per_s = await _per_s(calls, pending_reads), await _per_s(calls, bare_gets)
    return {
        "joins": {"viewers": viewers, "variants": variants, "batch": BATCH, "joins_per_s": round(joins_per_s),
                  "baseline_sadd_per_s": round(sadd_per_s), "ratio_to_baseline": round(joins_per_s / sadd_per_s, 2)},
        "memory": {"used_bytes": used, "bytes_per_entry": round(used / viewers, 1)},
        "notice": {"waiting": len(big), "taken": len(issued.notice["viewers"]) if issued.notice else 0,
                   "issue_ms": round(issue_ms, 2)},
        "comments_response_extra": {"pending_reads_per_s": round(pending_per_s), "baseline_get_per_s": round(get_per_s),
                                    "ratio_to_baseline": round(pending_per_s / get_per_s, 2)},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    viewers, variants, calls = (2000, 100, 300) if quick else (20_000, 1000, 3000)
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp, bench_redis(Path(tmp)) as (url, _):

        async def main() -> dict[str, Any]:
            redis = Redis.from_url(url)
            try:
                with Progress(console=console, transient=True) as progress:
                    return await _measure(redis, viewers, variants, calls, progress)
            finally:
                await redis.aclose()

        return {"redis": "embedded", **asyncio.run(main())}
