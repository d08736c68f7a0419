"""`stock-assistant bench ledger --cluster`: orders/s on a 3-master Redis Cluster against one Redis, same run.

The bench starts its own servers from one redis-server 7 binary (Debian's): a 3-master cluster
(assistant/infra/local_cluster.py) and one plain Redis, both AOF `everysec` like the service. Three setups:
- `one_redis`: one Redis, one bucket (the default deployment): the baseline every ratio divides by;
- `one_redis_buckets`: one Redis with the cluster's bucket count: the price of the buckets' protocol alone
  (each order id claimed in its home bucket; lines in several buckets go through holds, a decision, confirms);
- `cluster`: the cluster with that bucket count, the buckets spread over the three masters.
Each runs three phases through the real ledger (`Ledger.place_order`, concurrent buyers): a hot SKU (one item
every buyer wants), a spread over many products (so over every bucket), and 3-line orders whose lines sit on
three masters. Stock is 90 % of the orders, so every phase ends in a race for the last units; zero_oversell is
checked from the ledger's own counts (units sold == units of accepted orders, nothing sold past stock, nothing
left held).
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from redis.crc import key_slot

from assistant.errors import AppError
from assistant.infra.embedded_redis import EmbeddedRedis
from assistant.infra.local_cluster import LocalCluster, cluster_binary
from assistant.infra.redis_client import make_redis_client
from assistant.ledger import keys
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger

BUCKETS = 16  # docs/CLUSTER.md: 16 spread a 3-master cluster evenly enough
STOCK_SHARE = 0.9


@dataclass(frozen=True)
class ClusterSizes:
    hot_orders: int = 20_000
    spread_orders: int = 20_000
    spread_products: int = 64
    cross_orders: int = 4_000
    buyers: int = 32  # concurrent buyers (asyncio tasks) of one process
    connections: int = 64


QUICK_CLUSTER = ClusterSizes(hot_orders=1_000, spread_orders=1_000, spread_products=32, cross_orders=300)


def master_of_bucket(cluster: LocalCluster, bucket: int) -> int:
    return cluster.master_for_slot(key_slot(keys.movements(bucket).encode()))


def cross_products(cluster: LocalCluster) -> list[str]:
    """Three product ids whose buckets sit on the three masters."""
    found: dict[int, str] = {}
    for n in range(1000):
        product = f"bench-x{n}"
        found.setdefault(master_of_bucket(cluster, keys.bucket_for(product, BUCKETS)), product)
        if len(found) == 3:
            break
    return [found[m] for m in sorted(found)]


def _order(order_id: str, lines: list[tuple[str, int]]) -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id=f"b-{order_id}", stream_id="live-1",
                        lines=[OrderLine(sku=sku, qty=qty) for sku, qty in lines])


async def _phase(ledger: Ledger, name: str, stock: dict[str, tuple[str, int]], orders: list[OrderRequest],
                 buyers: int) -> dict[str, Any]:
    """stock: sku -> (product, units). Places every order with `buyers` concurrent buyers."""
    await ledger.upsert_skus([(sku, product, units, 0) for sku, (product, units) in stock.items()], "bench",
                             reset=True)
    queue, accepted, refused = iter(orders), [], 0

    async def buyer() -> None:
        nonlocal refused
        for order in queue:  # shared: each buyer takes the next order once its last one is answered
            try:
                await ledger.place_order(order, "bench")
                accepted.append(order)
            except AppError as error:
                if error.code != "insufficient_stock":
                    raise
                refused += 1

    started = time.perf_counter()
    await asyncio.gather(*(buyer() for _ in range(buyers)))
    elapsed = time.perf_counter() - started
    read = await ledger.read(list(stock))
    sold = {sku: s.sold if s else 0 for sku, s in read.items()}
    held = sum(s.held if s else 0 for s in read.values())
    units = sum(line.qty for order in accepted for line in order.lines)
    return {"phase": name, "orders": len(orders), "seconds": round(elapsed, 3),
            "orders_per_s": round(len(orders) / elapsed), "accepted": len(accepted), "refused": refused,
            "units_sold": sum(sold.values()), "units_accepted": units, "held_left": held,
            "zero_oversell": sum(sold.values()) == units and held == 0
            and all(sold[sku] <= units_in for sku, (_, units_in) in stock.items())}


@dataclass(frozen=True)
class Setup:
    name: str
    url: str
    buckets: int


def _work(tag: str, phase: str, sizes: ClusterSizes, cross: list[str]) -> tuple[dict[str, tuple[str, int]],
                                                                               list[OrderRequest]]:
    """One phase's stock and orders (the same orders in every setup but for their ids)."""
    rng = random.Random(12)
    if phase == "hot_sku":
        hot = f"{tag}-HOT"
        return ({hot: ("bench-hot", int(sizes.hot_orders * STOCK_SHARE))},
                [_order(f"{tag}-h{n}", [(hot, 1)]) for n in range(sizes.hot_orders)])
    if phase == "spread":
        each = int(sizes.spread_orders * STOCK_SHARE / sizes.spread_products)
        spread = {f"{tag}-S{p}": (f"bench-p{p}", each) for p in range(sizes.spread_products)}
        skus = list(spread)
        return spread, [_order(f"{tag}-s{n}", [(rng.choice(skus), 1)]) for n in range(sizes.spread_orders)]
    lines = {f"{tag}-X{i}": (product, int(sizes.cross_orders * STOCK_SHARE)) for i, product in enumerate(cross)}
    return lines, [_order(f"{tag}-x{n}", [(sku, 1) for sku in lines]) for n in range(sizes.cross_orders)]


PHASES = ("hot_sku", "spread", "cross_bucket_3_lines")


async def bench_cluster(cluster: LocalCluster, single_url: str, sizes: ClusterSizes) -> dict[str, Any]:
    cross = cross_products(cluster)
    # the same server, another database: a ledger's bucket count is stored in it and fixed (sa:{b0}:bucket-count)
    bucketed_url = urlunsplit(urlsplit(single_url)._replace(path="/1"))
    setups = [Setup("one_redis", single_url, 1), Setup("one_redis_buckets", bucketed_url, BUCKETS),
              Setup("cluster", cluster.url, BUCKETS)]
    ledgers = {s.name: Ledger(make_redis_client(s.url, max_connections=sizes.connections), buckets=s.buckets)
               for s in setups}
    figures: dict[str, dict[str, Any]] = {s.name: {"buckets": s.buckets} for s in setups}
    try:
        # phase by phase, each setup in turn: on a shared machine the load drifts, and a phase's three figures
        # should meet the same load
        for phase in PHASES:
            for n, setup in enumerate(setups):
                stock, orders = _work(f"{phase[:2]}{n}", phase, sizes, cross)
                figure = await _phase(ledgers[setup.name], phase, stock, orders, sizes.buyers)
                if phase == "spread":
                    where = await ledgers[setup.name].placement.buckets(list(stock))
                    figure["buckets_used"] = len(set(where.values()))
                figures[setup.name][phase] = figure
    finally:
        for ledger in ledgers.values():
            await ledger.redis.aclose()
    base = figures["one_redis"]
    ratios = {setup: {phase: round(figures[setup][phase]["orders_per_s"] / base[phase]["orders_per_s"], 3)
                      for phase in PHASES} for setup in ("one_redis_buckets", "cluster")}
    return {"setups": figures, "ratios_vs_one_redis": ratios,
            "cross_products_on_masters": [master_of_bucket(cluster, keys.bucket_for(p, BUCKETS)) for p in cross],
            "zero_oversell": all(s[phase]["zero_oversell"] for s in figures.values() for phase in PHASES)}


def run_cluster(quick: bool) -> dict[str, Any]:
    binary = cluster_binary()
    if binary is None:
        raise SystemExit("bench ledger --cluster needs redis-server >= 7 (Debian: apt install redis-server, or "
                         "STOCK_ASSISTANT_TEST_REDIS_SERVER=/path/to/redis-server)")
    sizes = QUICK_CLUSTER if quick else ClusterSizes()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        cluster = LocalCluster(binary, Path(tmp) / "cluster")
        try:
            cluster.start()
            with EmbeddedRedis(Path(tmp) / "one", binary=binary) as single:
                figures = asyncio.run(bench_cluster(cluster, single.url, sizes))
        finally:
            cluster.stop()
    return {"redis_server": binary, "masters": len(cluster.nodes), "appendfsync": "everysec",
            "buyers": sizes.buyers, "cpus": os.cpu_count(),
            "load_avg_1m": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}, **figures}
