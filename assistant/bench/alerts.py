"""`stock-assistant bench alerts`: lag from the order that crosses a threshold to its card on the SSE stream.

A real server (subprocess, the full app) on an embedded Redis (or STOCK_ASSISTANT_REDIS_URL: use a scratch
Redis, the bench loads its own catalog), 1,000 orders/s written straight to the ledger for ~10 s, one host
client reading /v1/streams/{id}/cards/events. The lag of a card is the time from the moment its triggering
order was sent to the moment the card arrived on the wire: new cards and updates of cards already shown (every
count change updates its card). The stream keeps its default rate cap: it holds back no card any more (a capped
raise is published at once as a quiet card); a quiet card raised a minute later is the cap's choice, not lag,
so a publication whose trigger was already delivered is not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress

from assistant.bench.common import bench_redis, percentile
from assistant.bench.server_process import ServerProcess
from assistant.errors import AppError
from assistant.infra.redis_client import make_redis_client
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger

err = Console(stderr=True)
STREAM = "bench-live"
PRODUCTS, VARIANTS, ON_HAND = 100, 5, 30
TICK_S = 0.01


def _catalog() -> dict[str, Any]:
    colours = ["black", "white", "grey", "navy", "red"]
    return {"catalog_version": 1, "products": [
        {"id": f"BX-{p:03d}", "name": {"zh": f"压测款{p:03d}", "en": f"Bench item {p:03d}"},
         "substitutes": [f"BX-{(p + 1) % PRODUCTS:03d}"],
         "variants": [{"sku": f"BX-{p:03d}-{c[:3].upper()}", "colour": c, "size": "M", "on_hand": ON_HAND,
                       "safety_stock": 1} for c in colours[:VARIANTS]]} for p in range(PRODUCTS)]}


def _start_server(url: str, keys: str, data_dir: Path, alerts_only: bool) -> ServerProcess:
    env = {**os.environ, "STOCK_ASSISTANT_REDIS_URL": url, "STOCK_ASSISTANT_API_KEYS": keys,
           "STOCK_ASSISTANT_DATA_DIR": str(data_dir)}
    only = "main.DOMAIN_WIRING = (main.alerts_wiring,); " if alerts_only else ""
    code = (f"import uvicorn; import assistant.main as main; {only}"
            "uvicorn.run(main.create_app(), host='127.0.0.1', port={port}, log_level='warning')")
    return ServerProcess(["-c", code], env=env)


Arrival = tuple[float, float, dict[str, Any]]  # perf_counter, wall ms, card


async def sse_events(base: str, key: str, path: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(event, data) of one server-sent event stream, read with the key in the Authorization header."""
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, timeout=None) as http, http.stream("GET", path, headers=headers) as stream:
        event = ""
        async for line in stream.aiter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                yield event, json.loads(line.split(":", 1)[1])


async def _read_cards(base: str, key: str, arrived: list[Arrival], ready: asyncio.Event) -> None:
    async for event, data in sse_events(base, key, f"/v1/streams/{STREAM}/cards/events"):
        if event == "snapshot":
            ready.set()
        elif event == "card":
            arrived.append((time.perf_counter(), time.time() * 1000, data["card"]))


async def _load(ledger: Ledger, rate: int, seconds: float, sent: dict[str, tuple[float, float]],
                sku_of: dict[str, str] | None = None, refused: set[str] | None = None) -> float:
    """Orders at `rate`/s in 10 ms pipelined batches; returns the achieved rate (`sku_of`: order -> SKU,
    `refused`: the orders the ledger refused, sold out)."""
    skus = [f"BX-{p:03d}-{c}" for p in range(PRODUCTS) for c in ("BLA", "WHI", "GRE", "NAV", "RED")[:VARIANTS]]
    rng, per_tick, ticks = secrets.SystemRandom(), max(1, round(rate * TICK_S)), int(seconds / TICK_S)
    started = time.perf_counter()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(f"{rate} orders/s", total=ticks)
        for tick in range(ticks):
            delay = started + tick * TICK_S - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            batch = [OrderRequest(order_id=f"bo{tick}-{i}", channel="douyin", buyer_id=f"u{tick}-{i}",
                                  stream_id=STREAM, lines=[OrderLine(sku=rng.choice(skus), qty=1)])
                     for i in range(per_tick)]
            now, wall = time.perf_counter(), time.time() * 1000
            for order in batch:
                sent[order.order_id] = (now, wall)
                if sku_of is not None:
                    sku_of[order.order_id] = order.lines[0].sku
            answers = await ledger.place_orders(batch, "bench")  # sold-out SKUs answer 409: part of a real burst
            if refused is not None:
                refused.update(o.order_id for o, a in zip(batch, answers, strict=True) if isinstance(a, AppError))
            progress.update(task, advance=1)
    return len(sent) / (time.perf_counter() - started)


async def _bench(rate: int, seconds: float, alerts_only: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sa-bench-alerts-") as tmp, bench_redis(Path(tmp) / "redis") as (url, _):
        keys = {role: secrets.token_urlsafe(12) for role in ("admin", "host", "integration", "ops")}
        server = _start_server(url, ",".join(f"{r}:{k}" for r, k in keys.items()), Path(tmp) / "data", alerts_only)
        base = server.url
        redis = make_redis_client(url)
        try:
            await server.ready()
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                admin, host = {"Authorization": f"Bearer {keys['admin']}"}, {"Authorization": f"Bearer {keys['host']}"}
                (await http.put("/v1/catalog?reset_stock=true", json=_catalog(), headers=admin)).raise_for_status()
                items = [{"link_no": i + 1, "product_id": f"BX-{i:03d}"} for i in range(PRODUCTS)]
                (await http.put(f"/v1/streams/{STREAM}/lineup", json={"items": items}, headers=host)).raise_for_status()
            arrived: list[Arrival] = []
            ready = asyncio.Event()
            reader = asyncio.create_task(_read_cards(base, keys["host"], arrived, ready))
            await asyncio.wait_for(ready.wait(), 10)
            sent: dict[str, tuple[float, float]] = {}
            achieved = await _load(Ledger(redis), rate, seconds, sent)
            await asyncio.sleep(3)  # stragglers
            reader.cancel()
        finally:
            await redis.aclose()
            server.stop(timeout_s=15)
    return _summary(rate, seconds, achieved, sent, arrived)


def _summary(rate: int, seconds: float, achieved: float, sent: dict[str, tuple[float, float]],
             arrived: list[Arrival]) -> dict[str, Any]:
    wire: list[float] = []
    engine: list[float] = []
    wire_new: list[float] = []
    wire_updates: list[float] = []
    timed: set[tuple[str, str]] = set()
    for at, at_wall, card in arrived:
        trigger = card.get("trigger") or {}
        if trigger.get("ref") not in sent or (card["id"], trigger["movement_id"]) in timed:
            continue  # a quiet card raised later by the cap, or a re-raise without a new order
        timed.add((card["id"], trigger["movement_id"]))
        sent_at, _ = sent[trigger["ref"]]
        wire.append((at - sent_at) * 1000)
        # From the movement's XADD (Redis time, same machine) to the screen: the engine and delivery only.
        engine.append(at_wall - int(str(trigger["movement_id"]).split("-")[0]))
        (wire_new if card["created_ts"] == card["updated_ts"] else wire_updates).append((at - sent_at) * 1000)
    return {
        "orders_per_s_target": rate, "orders_per_s_achieved": round(achieved, 1), "seconds": seconds,
        "orders": len(sent), "skus": PRODUCTS * VARIANTS, "cards_received": len(arrived),
        "new_cards": len(wire_new), "card_updates": len(wire_updates),
        "quiet_cards": sum(1 for _, _, c in arrived if c.get("raised") is False),
        "sse_lag_ms_new_cards": {"p50": percentile(wire_new, 0.5, digits=1), "p99": percentile(wire_new, 0.99, digits=1),
                                 "max": percentile(wire_new, 1.0, digits=1)},
        "sse_lag_ms_updates": {"p50": percentile(wire_updates, 0.5, digits=1), "p99": percentile(wire_updates, 0.99, digits=1),
                               "max": percentile(wire_updates, 1.0, digits=1)},
        "sse_lag_ms_all_cards": {"p50": percentile(wire, 0.5, digits=1), "p99": percentile(wire, 0.99, digits=1)},
        "movement_to_sse_lag_ms": {"p50": percentile(engine, 0.5, digits=1), "p99": percentile(engine, 0.99, digits=1)},
        "target_p99_ms": 1000,
        "target_met": bool(wire_new) and bool(wire_updates) and (percentile(wire, 0.99, digits=1) or 0) <= 1000,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Two runs: the whole service as deployed, and the alerts part alone (the same server with only the
    alerts wired), so a miss can be told apart from the other consumers sharing the event loop."""
    seconds = 2.0 if getattr(args, "quick", False) else 10.0
    err.print(f"[bold]alerts bench[/bold]: 1000 orders/s for {seconds:.0f} s, full service, then alerts alone")
    full = asyncio.run(_bench(rate=1000, seconds=seconds, alerts_only=False))
    alone = asyncio.run(_bench(rate=1000, seconds=seconds, alerts_only=True))
    full_p99, alone_p99 = full["sse_lag_ms_all_cards"]["p99"], alone["sse_lag_ms_all_cards"]["p99"]
    ratio = round(full_p99 / alone_p99, 2) if full_p99 and alone_p99 else None
    return {**full, "alerts_only": alone, "p99_ratio_full_vs_alerts_only": ratio, "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 2)}
