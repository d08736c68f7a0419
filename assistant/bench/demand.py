"""`stock-assistant bench demand`: ingest speed and Redis memory of the demand counts.

100,000 comments (70% variant asks, 10% product or colour asks, 5% for things the catalog lacks, 15% chatter)
from 20,000 viewers over 1,000 variants and two hours of event time, ingested in batches of 500 as the comment
pipeline publishes them. Memory is INFO used_memory after minus before, so it is the demand keys alone.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from assistant.bench.common import bench_redis
from assistant.catalog.models import Catalog
from assistant.demand.events import AskEvent
from assistant.demand.not_offered import NotOfferedGrouper
from assistant.demand.reading import Window
from assistant.demand.service import DemandService
from assistant.ledger.keys import MOVEMENTS

COLOURS = ("black", "white", "grey", "navy", "red")
SIZES = ("S", "M", "L", "XL")
MISSING = (("colour", "紫色"), ("colour", "紫的"), ("colour", "purple"), ("size", "5XL"), ("product", "帽子"))
BATCH = 500
STREAM = "bench-demand"


def bench_catalog(variants: int) -> Catalog:
    per_product = len(COLOURS) * len(SIZES)
    products = [{"id": f"P{p:04d}", "name": {"zh": f"商品{p}"},
                 "variants": [{"sku": f"P{p:04d}-{c}-{s}", "colour": c, "size": s, "on_hand": 50}
                              for c in COLOURS for s in SIZES]}
                for p in range(max(1, variants // per_product))]
    return Catalog.model_validate({"products": products})


def bench_events(catalog: Catalog, comments: int, viewers: int, span_ms: int, start_ms: int) -> list[AskEvent]:
    rng = random.Random(5)
    variants = [(p.id, v) for p in catalog.products for v in p.variants]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(variants))]  # a few variants get most questions
    picks = rng.choices(variants, weights=weights, k=comments)
    sold_out = {v.sku for _, v in rng.sample(variants, k=len(variants) // 10)}
    events = []
    for index, (product_id, variant) in enumerate(picks):
        roll = rng.random()
        user = f"viewer{rng.randrange(viewers)}"
        base: dict[str, Any] = {"stream_id": STREAM, "comment_id": f"c{index}", "user_id": user,
                                "text": "这个还有吗", "language": "zh",
                                "ts_ms": start_ms + index * span_ms // comments, "product_id": product_id}
        if roll < 0.70:
            status = "sold_out" if variant.sku in sold_out else "in_stock"
            events.append(AskEvent(intent="availability", colour=variant.colour, size=variant.size,
                                   sku=variant.sku, status=status, **base))
        elif roll < 0.80:
            events.append(AskEvent(intent="availability", colour=variant.colour if roll < 0.75 else None, **base))
        elif roll < 0.85:
            kind, word = rng.choice(MISSING)
            unknown: dict[str, Any] = {f"unknown_{kind}": word}
            events.append(AskEvent(intent="availability", **unknown, **base))
        else:
            events.append(AskEvent(intent="other", action="skip", reason="chatter", **base))
    return events


async def _measure(url: str, comments: int, variants: int, viewers: int) -> dict[str, Any]:
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    catalog = bench_catalog(variants)
    start_ms = int(time.time() * 1000)
    span_ms = 2 * 3600 * 1000
    events = bench_events(catalog, comments, viewers, span_ms, start_ms)
    now = {"ms": float(start_ms + span_ms)}

    def chroma():
        import chromadb

        return chromadb.EphemeralClient()

    grouper = NotOfferedGrouper(redis, client_factory=chroma, collection_name=f"bench-{start_ms}")
    demand = DemandService(redis, movement_streams=[MOVEMENTS], catalog=lambda: catalog, clock=lambda: now["ms"],
                           grouper=grouper)
    await asyncio.to_thread(grouper.warm_up)  # load the embedding model outside the timed part
    await _delete_stream_keys(redis)
    before = (await redis.info("memory"))["used_memory"]
    counted = 0
    console = Console(stderr=True)
    started = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("ingesting comments", total=len(events))
        for offset in range(0, len(events), BATCH):
            counted += await demand.ingest(events[offset:offset + BATCH])
            progress.advance(task, BATCH)
    elapsed = time.perf_counter() - started
    after = (await redis.info("memory"))["used_memory"]
    keys = [k async for k in redis.scan_iter(match=f"sa:dm:{{{STREAM}}}*", count=1000)]
    timings = {}
    for label, window in (("session", Window(None, "session")), ("10m", Window(600, "10m")),
                          ("1h", Window(3600, "1h"))):
        tick = time.perf_counter()
        report = await demand.report(STREAM, window=window)
        timings[label] = round((time.perf_counter() - tick) * 1000, 1)
    await _delete_stream_keys(redis)
    await redis.aclose()
    return {
        "comments": comments, "variants": len(catalog.products) * len(COLOURS) * len(SIZES),
        "viewers": viewers, "asks_counted": counted, "seconds": round(elapsed, 2),
        "events_per_s": round(comments / elapsed), "batch": BATCH,
        "redis_used_memory_bytes": after - before, "redis_used_memory_mb": round((after - before) / 2**20, 2),
        "redis_keys": len(keys), "report_ms": timings, "items_in_session_report": len(report["items"]),
    }


async def _delete_stream_keys(redis: Any) -> None:
    async for key in redis.scan_iter(match=f"sa:dm:{{{STREAM}}}*", count=1000):
        await redis.unlink(key)
    await redis.zrem("sa:dm:streams", STREAM)


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = bool(getattr(args, "quick", False))
    comments, variants, viewers = (10_000, 100, 2_000) if quick else (100_000, 1_000, 20_000)
    with tempfile.TemporaryDirectory(prefix="bench-demand-") as tmp, bench_redis(Path(tmp)) as (url, where):
        return {"redis": where, **asyncio.run(_measure(url, comments, variants, viewers))}
