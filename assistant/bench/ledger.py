"""`stock-assistant bench ledger`: orders/s through the ledger, next to redis-benchmark running the same script.

One hot SKU with effectively unlimited stock takes every order, so the figures are the cost of a sale, not of a
refusal. Order requests are built before the clock starts: parsing a request body belongs to the HTTP figure.
The bench writes only keys under its own run id (and its own movement stream) and deletes them after each
phase, so pointing STOCK_ASSISTANT_REDIS_URL at a shared Redis neither trims nor pollutes live history.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from redis.asyncio import Redis
from redis.utils import HIREDIS_AVAILABLE
from rich.console import Console
from rich.progress import Progress, TaskID

from assistant.bench.common import bench_redis
from assistant.bench.http_orders import http_figures
from assistant.bench.stock_shapes import stock_shapes
from assistant.errors import AppError
from assistant.infra.redis_client import make_redis_client
from assistant.ledger import keys
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.scripts import script_source
from assistant.ledger.service import Ledger

BENCH_STREAM = "sa:bench:movements"
UNLIMITED = 10**12
TARGETS = {"single": 0.25, "batched": 0.4}  # of the redis-benchmark figure at -P 1
PlaceAll = Callable[[list[OrderRequest], TaskID], Awaitable[int]]  # places the orders, answers how many accepted


@dataclass(frozen=True)
class Sizes:
    single_orders: int = 40_000
    single_tasks: int = 16  # one request in flight per connection: more tasks only queue on the pool
    batched_orders: int = 200_000
    batch_size: int = 100
    pipelines: int = 8
    connections: int = 16
    baseline_requests: int = 200_000
    baseline_clients: int = 50


QUICK = Sizes(single_orders=5_000, batched_orders=20_000, baseline_requests=20_000)


class BenchLedger(Ledger):
    """The real ledger and scripts; only its movements go to the bench's own stream."""

    async def _run(self, verb: str, bucket: int, keys_: list[str], args: list[Any], client: Any = None) -> Any:
        return await self.scripts[verb](keys=[BENCH_STREAM, *keys_], args=args, client=client)


async def bench_ledger(progress: Progress, *, redis_url: str, sizes: Sizes = Sizes()) -> dict[str, Any]:
    redis = make_redis_client(redis_url, max_connections=sizes.connections)
    run_id = secrets.token_hex(3)
    sku = f"BENCH-{run_id}"
    ledger = BenchLedger(redis)
    load_before = os.getloadavg()[0]  # the figures only compare on a quiet machine: say how quiet it was
    try:
        server = await redis.info("server")
        single = await _phase(ledger, sku, f"{run_id}-s", sizes.single_orders, progress, "single place_order",
                              lambda orders, task: _single(ledger, orders, sizes.single_tasks, progress, task))
        batched = await _phase(ledger, sku, f"{run_id}-b", sizes.batched_orders, progress, "batched place_orders",
                               lambda orders, task: _batched(ledger, orders, sizes, progress, task))
        baseline = {f"P{p}": await _baseline(ledger, sku, f"{run_id}-r{p}", p, sizes, redis_url, progress)
                    for p in (1, 16)}
        shapes = await stock_shapes(ledger, run_id, sizes.single_orders // 2, sizes.single_tasks, progress,
                                    single["orders_per_s"])
    finally:
        for kind in ("order", "oclaim"):
            await _drop(redis, f"sa:{{b*}}:{kind}:bench-{run_id}-*")
        await redis.unlink(BENCH_STREAM, *keys.sku_block(await ledger.placement.bucket(sku), sku))
        await redis.aclose()
    reference = (baseline["P1"] or {}).get("ops_per_s")
    ratios = {name: round(figure["orders_per_s"] / reference, 3) if reference else None
              for name, figure in (("single", single), ("batched", batched))}
    return {
        "redis_version": server.get("redis_version"), "hiredis": HIREDIS_AVAILABLE, "cpus": os.cpu_count(),
        "load_avg_1m": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "connections": sizes.connections, "single": single, "batched": batched, "baseline": baseline,
        "ratios_vs_baseline_P1": ratios, "targets": TARGETS,
        "stock_shapes": shapes,  # issue 17: a bundle order and a multi-warehouse order, vs the single phase
        "targets_met": {k: r is not None and r >= TARGETS[k] for k, r in ratios.items()},
        "zero_oversell": single["oversold"] == batched["oversold"] == 0
        and all(b is None or b["oversold"] == 0 for b in baseline.values()),
    }


def _orders(prefix: str, sku: str, count: int) -> list[OrderRequest]:
    line = [OrderLine(sku=sku, qty=1)]
    return [OrderRequest(order_id=f"bench-{prefix}-{n}", channel="douyin", buyer_id="bench-buyer",
                         stream_id="live-1", lines=line) for n in range(count)]


async def _phase(ledger: Ledger, sku: str, prefix: str, count: int, progress: Progress, label: str,
                 place: PlaceAll) -> dict[str, Any]:
    await ledger.upsert_skus([(sku, "bench", UNLIMITED, 0)], "bench", reset=True)
    orders = _orders(prefix, sku, count)
    task = progress.add_task(label, total=count)
    started = time.perf_counter()
    accepted = await place(orders, task)
    elapsed = time.perf_counter() - started
    progress.update(task, completed=count)
    return {"orders": count, "seconds": round(elapsed, 3), "orders_per_s": round(count / elapsed),
            **await _tally(ledger, sku, prefix, accepted)}


async def _single(ledger: Ledger, orders: list[OrderRequest], tasks: int, progress: Progress, task: TaskID) -> int:
    queue, done = iter(orders), 0

    async def buyer() -> None:
        nonlocal done
        for order in queue:  # shared: each buyer takes the next order once its last one is answered
            await ledger.place_order(order, "bench")
            done += 1
            if done % 1000 == 0:
                progress.update(task, completed=done)

    await asyncio.gather(*(buyer() for _ in range(tasks)))
    return done


async def _batched(
    ledger: Ledger, orders: list[OrderRequest], sizes: Sizes, progress: Progress, task: TaskID
) -> int:
    chunks = iter([orders[i:i + sizes.batch_size] for i in range(0, len(orders), sizes.batch_size)])
    accepted = 0

    async def pipeline() -> None:
        nonlocal accepted
        for chunk in chunks:
            answers = await ledger.place_orders(chunk, "bench")
            accepted += sum(1 for a in answers if not isinstance(a, AppError))
            progress.advance(task, len(chunk))

    await asyncio.gather(*(pipeline() for _ in range(sizes.pipelines)))
    return accepted


async def _baseline(ledger: Ledger, sku: str, prefix: str, pipeline: int, sizes: Sizes, url: str,
                    progress: Progress) -> dict[str, Any] | None:
    binary = shutil.which("redis-benchmark")
    target = _server_flags(url)
    if binary is None or target is None:
        return None
    await ledger.upsert_skus([(sku, "bench", UNLIMITED, 0)], "bench", reset=True)
    sha = await ledger.redis.script_load(script_source("place_order"))
    # The exact key and argument layout the app sends; redis-benchmark puts a fresh number in each __rand_int__.
    template = _orders(f"{prefix}-__rand_int__", sku, 1)[0]
    _, keys_, args = ledger.order_call(template, "bench", await ledger.placement.bucket(sku), [(sku, 1)])
    command = ["EVALSHA", sha, str(len(keys_) + 1), BENCH_STREAM, *keys_, *(str(a) for a in args)]
    flags = ["-c", str(sizes.baseline_clients), "-n", str(sizes.baseline_requests), "-P", str(pipeline),
             "-r", "100000000", "--csv"]
    task = progress.add_task(f"redis-benchmark EVALSHA -P {pipeline}", total=None)
    process = await asyncio.create_subprocess_exec(binary, *target, *flags, *command,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    progress.update(task, total=1, completed=1)
    rows = [row for row in csv.reader(out.decode().splitlines()) if len(row) > 1 and row[0].startswith("EVALSHA")]
    if process.returncode != 0 or not rows:
        raise RuntimeError(f"redis-benchmark failed: {(err or out).decode().strip()[:300]}")
    tally = await _tally(ledger, sku, prefix, accepted=None)
    # rps is the 7th column from the end: the first (the command) may hold commas (the allocation plan's JSON)
    return {"ops_per_s": round(float(rows[-1][-7])), "requests": sizes.baseline_requests,
            "clients": sizes.baseline_clients, "pipeline": pipeline,
            # __rand_int__ repeats now and then: those calls are replays, answered without a second deduction
            "repeated_ids": sizes.baseline_requests - tally["order_records"],
            "command": f"redis-benchmark {' '.join(flags)} EVALSHA <place_order sha> ...", **tally}


async def _tally(ledger: Ledger, sku: str, prefix: str, accepted: int | None) -> dict[str, int]:
    """Sold units against accepted order records: one unit each, so any difference is an oversell."""
    stock = (await ledger.read([sku]))[sku]
    sold = stock.sold if stock else 0
    records = await _drop(ledger.redis, f"sa:{{b*}}:order:bench-{prefix}-*")
    return {"sold": sold, "order_records": records, "oversold": sold - (records if accepted is None else accepted)}


async def _drop(redis: Redis, pattern: str) -> int:
    batch: list[bytes] = []
    dropped = 0
    async for key in redis.scan_iter(match=pattern, count=5000):
        batch.append(key)
        if len(batch) == 5000:
            dropped += await redis.unlink(*batch)
            batch.clear()
    return dropped + (await redis.unlink(*batch) if batch else 0)


def _server_flags(url: str) -> list[str] | None:
    """redis-benchmark's flags for the same server; None for TLS, which the bench does not set up."""
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        return ["-s", parsed.path]
    if parsed.scheme != "redis":
        return None
    flags = ["-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 6379)]
    if parsed.password:
        flags += ["-a", unquote(parsed.password)] + (["--user", unquote(parsed.username)] if parsed.username else [])
    db = parsed.path.strip("/")
    return flags + (["--dbnum", db] if db else [])


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    if getattr(args, "cluster", False):  # the 3-master cluster against one Redis (bench/ledger_cluster.py)
        from assistant.bench.ledger_cluster import run_cluster

        return run_cluster(quick)
    sizes = QUICK if quick else Sizes()
    http_orders = 3_000 if quick else 20_000
    with (Progress(console=Console(stderr=True)) as progress, tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp,
          bench_redis(Path(tmp)) as (url, where)):
        result = {"redis": "external" if where == "external" else "embedded (AOF everysec)",
                  **asyncio.run(bench_ledger(progress, redis_url=url, sizes=sizes))}
        progress.console.print("HTTP: POST /v1/orders through a uvicorn server ...")
        result["http"] = http_figures(url, http_orders)
    if result["baseline"]["P1"] is None:
        result["baseline_note"] = "redis-benchmark is not on PATH (or the URL is TLS): no baseline, no ratios"
    return result
