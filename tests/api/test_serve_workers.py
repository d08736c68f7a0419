"""`stock-assistant serve --workers 2`: one embedded Redis owned by the parent, every worker on one catalog,
no oversell across processes, and Redis stopped when the service stops."""

from __future__ import annotations

import asyncio
import json
import os
import signal

import httpx
import pytest

from assistant.bench.server_process import ServerProcess
from assistant.infra.embedded_redis import running_embedded_url
from tests.conftest import SAMPLE_DATA
from tests.support.waiting import eventually_sync

pytestmark = pytest.mark.slow
KEYS = "integration:w-int,admin:w-admin"
# A hang guard, not a speed bound: 500 orders on two workers of a loaded 2-core machine take their time.
HTTP_TIMEOUT_S = 120


def _catalog(extra: bool) -> dict:
    raw = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    if extra:
        raw["products"].append({"id": "NEW-900", "name": {"en": "New coat"},
                                "variants": [{"sku": "NEW-900-BLK-M", "on_hand": 105, "safety_stock": 5}]})
    return raw


@pytest.fixture
def two_workers(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCK_ASSISTANT_")}
    env.update(STOCK_ASSISTANT_DATA_DIR=str(tmp_path / "data"), STOCK_ASSISTANT_API_KEYS=KEYS)
    server = ServerProcess(["-m", "assistant.cli", "serve", "--workers", "2", "--port", "{port}"], env=env)
    try:
        server.wait_healthy(timeout_s=300)  # a hang guard: start-up is slow only on a loaded machine
        yield server.url, server.process, tmp_path / "data" / "redis"
    finally:
        server.stop()


def _fresh_get(base: str, path: str) -> int:
    # A new connection each time, so the kernel spreads the requests over both workers.
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer w-int", "Connection": "close"},
                     timeout=HTTP_TIMEOUT_S) as http:
        return http.get(path).status_code


async def _orders(base: str, count: int) -> dict[int, int]:
    statuses: dict[int, int] = {}

    async def one(n: int) -> None:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": "Bearer w-int"},
                                     timeout=HTTP_TIMEOUT_S) as http:
            body = {"order_id": f"w-{n % 250}", "channel": "douyin", "buyer_id": f"b{n % 250}",
                    "lines": [{"sku": "NEW-900-BLK-M", "qty": 1}]}  # ids 0..249 each sent twice
            code = (await http.post("/v1/orders", json=body)).status_code
            statuses[code] = statuses.get(code, 0) + 1

    await asyncio.gather(*(one(n) for n in range(count)))
    return statuses


def test_two_workers_share_one_redis_one_catalog_and_never_oversell(two_workers):
    base, server, redis_dir = two_workers
    admin = {"Authorization": "Bearer w-admin"}
    assert httpx.put(f"{base}/v1/catalog", json=_catalog(False), headers=admin, timeout=HTTP_TIMEOUT_S).status_code == 200
    assert httpx.put(f"{base}/v1/catalog", json=_catalog(True), headers=admin, timeout=HTTP_TIMEOUT_S).status_code == 200
    # Workers poll for loads twice a second; one that must first embed the new products takes longer, and a
    # worker still starting up answers nothing yet: wait for the condition, however long a loaded machine takes.
    eventually_sync(lambda: [_fresh_get(base, "/v1/products/NEW-900/availability") for _ in range(8)] == [200] * 8,
                    "both workers follow the catalog load")
    assert [_fresh_get(base, "/v1/products/NEW-900/availability") for _ in range(16)] == [200] * 16

    asyncio.run(_orders(base, 500))
    with httpx.Client(base_url=base, headers={"Authorization": "Bearer w-int"}, timeout=HTTP_TIMEOUT_S) as http:
        counters = http.get("/v1/skus/NEW-900-BLK-M").json()["counters"]
    assert counters["sold"] == 100  # 250 distinct orders, 100 sellable units, replays deducted once

    assert running_embedded_url(redis_dir) is not None
    server.send_signal(signal.SIGINT)
    server.wait(timeout=30)
    assert running_embedded_url(redis_dir) is None  # the parent stopped the Redis it started
