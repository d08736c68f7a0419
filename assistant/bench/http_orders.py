"""Orders/s through POST /v1/orders: the real server (uvicorn subprocess) over a real Redis."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.infra.embedded_redis import free_port

KEY = "bench-integration-key"
STOCKED = 100  # sellable units of the contested SKU: the server must sell exactly this many


def _catalog() -> dict[str, Any]:
    return {"catalog_version": 1, "products": [
        {"id": "BENCH-1", "name": {"en": "Bench tee"}, "variants": [
            {"sku": "BENCH-1-OPEN", "on_hand": 10_000_000},
            {"sku": "BENCH-1-LAST", "on_hand": STOCKED + 5, "safety_stock": 5}]}]}


async def _fire(base: str, orders: int, concurrency: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {KEY}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:
        admin = {"Authorization": "Bearer bench-admin-key"}
        loaded = await http.put("/v1/catalog?reset_stock=true", json=_catalog(), headers=admin)
        loaded.raise_for_status()
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(orders):
            queue.put_nowait(n)
        statuses: dict[int, int] = {}
        latencies: list[float] = []

        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                sku = "BENCH-1-LAST" if n % 10 == 0 else "BENCH-1-OPEN"  # a tenth fight over the last units
                body = {"order_id": f"http-{n}", "channel": "douyin", "buyer_id": f"b{n}",
                        "lines": [{"sku": sku, "qty": 1}]}
                start = time.perf_counter()
                answer = await http.post("/v1/orders", json=body)
                latencies.append(time.perf_counter() - start)
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - began
        detail = (await http.get("/v1/skus/BENCH-1-LAST")).json()
    latencies.sort()
    return {"orders": orders, "concurrency": concurrency, "seconds": round(seconds, 3),
            "orders_per_s": round(orders / seconds), "statuses": statuses,
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2),
            "contested_sku_sold": detail["counters"]["sold"], "contested_sku_stock": STOCKED,
            "oversold": max(0, detail["counters"]["sold"] - STOCKED), "target_orders_per_s": 1500}


def bench_http(redis_url: str, orders: int, concurrency: int = 64) -> dict[str, Any]:
    port = free_port()
    data_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-http-{port}"
    env = {**os.environ, "STOCK_ASSISTANT_REDIS_URL": redis_url, "STOCK_ASSISTANT_DATA_DIR": str(data_dir),
           "STOCK_ASSISTANT_API_KEYS": f"integration:{KEY},admin:bench-admin-key"}
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                err = server.stderr.read().decode()[-500:] if server.stderr else ""
                raise RuntimeError(f"the server did not start: {err}")
            time.sleep(0.2)
        return asyncio.run(_fire(base, orders, concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":  # pragma: no cover - manual runs
    print(json.dumps(bench_http(sys.argv[1], int(sys.argv[2]))))
