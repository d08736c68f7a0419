"""Orders/s through POST /v1/orders: the real server (uvicorn subprocess) over a real Redis."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.bench.common import percentile
from assistant.bench.server_process import ServerProcess

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
    ms = [s * 1000 for s in latencies]
    return {"orders": orders, "concurrency": concurrency, "seconds": round(seconds, 3),
            "orders_per_s": round(orders / seconds), "statuses": statuses,
            "p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99),
            "contested_sku_sold": detail["counters"]["sold"], "contested_sku_stock": STOCKED,
            "oversold": max(0, detail["counters"]["sold"] - STOCKED), "target_orders_per_s": 1500}


_WRK_SCRIPT = """
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
request = function()
  counter = counter + 1
  local sku = "BENCH-1-OPEN"
  if counter %% 10 == 0 then sku = "BENCH-1-LAST" end
  local id = "wrk-" .. tostring(math.random(1, 2000000000)) .. "-" .. counter
  local body = '{"order_id":"' .. id .. '","channel":"douyin","buyer_id":"b' .. counter .. '","lines":[{"sku":"' .. sku .. '","qty":1}]}'
  return wrk.format(nil, "/v1/orders", nil, body)
end
"""


def _wrk(base: str, seconds: int, concurrency: int) -> dict[str, Any] | None:
    """wrk is a C load generator: the Python client would be the bottleneck, not the server."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % KEY)
    out = subprocess.run([wrk, "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", script.name, base],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    os.unlink(script.name)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {"client": "wrk", "seconds": seconds, "concurrency": concurrency,
            "orders_per_s": round(float(rate.group(1))) if rate else None,
            "refused_409": int(non2xx.group(1)) if non2xx else 0,
            "p99_ms": round(float(p99.group(1)) * factor[p99.group(2)], 2) if p99 else None}


async def _contested(base: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {KEY}"}) as http:
        sold = (await http.get("/v1/skus/BENCH-1-LAST")).json()["counters"]["sold"]
    return {"contested_sku_sold": sold, "contested_sku_stock": STOCKED, "oversold": max(0, sold - STOCKED)}


async def _load_catalog(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        answer = await http.put("/v1/catalog?reset_stock=true", json=_catalog(),
                                headers={"Authorization": "Bearer bench-admin-key"})
        answer.raise_for_status()


def bench_http(redis_url: str, orders: int, concurrency: int = 64, workers: int = 1) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    env = {**os.environ, "STOCK_ASSISTANT_REDIS_URL": redis_url, "STOCK_ASSISTANT_DATA_DIR": str(data_dir),
           "STOCK_ASSISTANT_API_KEYS": f"integration:{KEY},admin:bench-admin-key"}
    server = ServerProcess(["-m", "assistant.cli", "serve", "--port", "{port}", "--workers", str(workers)], env=env)
    try:
        server.wait_healthy()
        asyncio.run(_load_catalog(server.url))
        time.sleep(1.0)  # every worker follows the catalog load
        measured = _wrk(server.url, 10 if orders > 5000 else 4, concurrency)
        if measured is None:  # no wrk: the Python client, slower than the server it measures
            return {"client": "httpx (wrk not installed)", "workers": workers,
                    **asyncio.run(_fire(server.url, orders, concurrency))}
        return {**measured, "workers": workers, **asyncio.run(_contested(server.url)), "target_orders_per_s": 1500}
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def http_figures(redis_url: str, orders: int) -> dict[str, Any]:
    """One worker, then one worker per core (`serve --workers`), against the same Redis in the same run."""
    workers = max(2, os.cpu_count() or 1)
    single = bench_http(redis_url, orders, workers=1)
    several = bench_http(redis_url, orders, workers=workers)
    rate, oversold = several.get("orders_per_s") or 0, several.get("oversold", 1) + single.get("oversold", 1)
    return {"single_worker": single, "workers": several, "target_orders_per_s": 1500,
            "target_met": rate >= 1500 and oversold == 0}


if __name__ == "__main__":  # pragma: no cover - manual runs
    print(json.dumps(bench_http(sys.argv[1], int(sys.argv[2]), workers=int(sys.argv[3]) if len(sys.argv) > 3 else 1)))
