"""`stock-assistant bench board`: lag from an order to the board screen showing its SKU's new count.

The same set-up as `bench alerts` (a real server subprocess, 1,000 orders/s straight to the ledger on 500
SKUs for ~10 s) with two screens connected at once: a host screen on the card stream (the cards-only
baseline, as `bench alerts` measures it) and an ops board on /v1/board/events (one SSE connection for all
500 SKUs). Board lag of an order = from sending it to the first board event that shows its SKU at or after
that order; orders the ledger refused are resolved by the next shown order of their SKU (conservative).
`orders_never_shown` counts accepted orders no board event showed (a real drop); `orders_refused` the orders
refused once their SKU sold out, which change no count and so have nothing to show.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

import httpx

from assistant.bench.alerts import (
    PRODUCTS,
    STREAM,
    VARIANTS,
    Arrival,
    _catalog,
    _load,
    _read_cards,
    _start_server,
    err,
    sse_events,
)
from assistant.bench.common import bench_redis, percentile
from assistant.infra.redis_client import make_redis_client
from assistant.ledger.service import Ledger

Shown = tuple[float, dict[str, dict[str, Any]]]  # perf_counter at arrival, {sku: row}


async def _read_board(base: str, key: str, shown: list[Shown], ready: asyncio.Event) -> None:
    async for event, data in sse_events(base, key, f"/v1/board/events?stream_id={STREAM}"):
        if event == "snapshot":
            ready.set()
        elif event == "stock":
            shown.append((time.perf_counter(), data["skus"]))


def _board_lags(sent: dict[str, tuple[float, float]], sku_of: dict[str, str], shown: list[Shown],
                refused: set[str]) -> tuple[list[float], int]:
    """Lags of the orders shown, and how many ACCEPTED orders no board event ever showed (a refused order of a
    SKU that sold out has no movement to show: it is resolved by a later shown order of its SKU, if any)."""
    waiting: dict[str, deque[str]] = defaultdict(deque)
    for order_id in sorted(sent, key=lambda o: sent[o][0]):
        waiting[sku_of[order_id]].append(order_id)
    lags: list[float] = []
    for at, rows in shown:
        for sku, row in rows.items():
            queue, ref = waiting.get(sku), row.get("ref")
            if not queue or ref not in sent or ref not in queue:  # not in it: shown already
                continue
            while queue:
                order_id = queue.popleft()
                lags.append((at - sent[order_id][0]) * 1000)
                if order_id == ref:
                    break
    return lags, sum(1 for queue in waiting.values() for order_id in queue if order_id not in refused)


async def _bench(rate: int, seconds: float, with_board: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sa-bench-board-") as tmp, bench_redis(Path(tmp) / "redis") as (url, _):
        keys = {role: secrets.token_urlsafe(12) for role in ("admin", "host", "integration", "ops")}
        server = _start_server(url, ",".join(f"{r}:{k}" for r, k in keys.items()), Path(tmp) / "data", False)
        redis = make_redis_client(url)
        try:
            await server.ready()
            async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
                admin, host = {"Authorization": f"Bearer {keys['admin']}"}, {"Authorization": f"Bearer {keys['host']}"}
                (await http.put("/v1/catalog?reset_stock=true", json=_catalog(), headers=admin)).raise_for_status()
                items = [{"link_no": i + 1, "product_id": f"BX-{i:03d}"} for i in range(PRODUCTS)]
                (await http.put(f"/v1/streams/{STREAM}/lineup", json={"items": items}, headers=host)).raise_for_status()
                (await http.put(f"/v1/streams/{STREAM}/alert-settings", json={"max_cards_per_minute": 10_000},
                                headers=host)).raise_for_status()
            await asyncio.sleep(1.5)
            arrived: list[Arrival] = []
            shown: list[Shown] = []
            cards_ready, board_ready = asyncio.Event(), asyncio.Event()
            readers = [asyncio.create_task(_read_cards(server.url, keys["host"], arrived, cards_ready))]
            if with_board:
                readers.append(asyncio.create_task(_read_board(server.url, keys["ops"], shown, board_ready)))
            else:
                board_ready.set()
            await asyncio.wait_for(asyncio.gather(cards_ready.wait(), board_ready.wait()), 15)
            sent: dict[str, tuple[float, float]] = {}
            sku_of: dict[str, str] = {}
            refused: set[str] = set()
            achieved = await _load(Ledger(redis), rate, seconds, sent, sku_of, refused)
            await asyncio.sleep(3)
            for reader in readers:
                reader.cancel()
        finally:
            await redis.aclose()
            server.stop(timeout_s=15)
    board, unresolved = _board_lags(sent, sku_of, shown, refused)
    cards = [(at - sent[c["trigger"]["ref"]][0]) * 1000 for at, _, c in arrived
             if (c.get("trigger") or {}).get("ref") in sent and c["created_ts"] == c["updated_ts"]]
    board_p99, cards_p99 = percentile(board, 0.99, digits=1), percentile(cards, 0.99, digits=1)
    return {
        "orders_per_s_target": rate, "orders_per_s_achieved": round(achieved, 1), "seconds": seconds,
        "orders": len(sent), "skus": PRODUCTS * VARIANTS, "board_sse_connections": 1,
        "board_events": len(shown), "orders_shown_on_board": len(board), "orders_refused": len(refused),
        "orders_never_shown": unresolved,
        "board_lag_ms": {"p50": percentile(board, 0.5, digits=1), "p99": board_p99, "max": percentile(board, 1.0, digits=1)},
        "cards_lag_ms": {"p50": percentile(cards, 0.5, digits=1), "p99": cards_p99, "new_cards": len(cards)},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Two runs of the same load: the host screen alone (the cards-only baseline), then host + board."""
    seconds = 2.0 if getattr(args, "quick", False) else 10.0
    err.print(f"[bold]board bench[/bold]: 1000 orders/s on {PRODUCTS * VARIANTS} SKUs for {seconds:.0f} s: "
              "cards only, then cards + one board screen")
    baseline = asyncio.run(_bench(rate=1000, seconds=seconds, with_board=False))
    board = asyncio.run(_bench(rate=1000, seconds=seconds, with_board=True))
    board_p99, cards_p99 = board["board_lag_ms"]["p99"], baseline["cards_lag_ms"]["p99"]
    return {"cards_only_baseline": {k: baseline[k] for k in ("orders_per_s_achieved", "orders", "cards_lag_ms")},
            **board, "board_p99_vs_cards_only_p99": round(board_p99 / cards_p99, 2) if board_p99 and cards_p99 else None,
            "cards_p99_with_board_vs_without": round(board["cards_lag_ms"]["p99"] / cards_p99, 2)
            if board["cards_lag_ms"]["p99"] and cards_p99 else None,
            "target_p99_ms": 1000, "target_met": bool(board["orders_shown_on_board"]) and (board_p99 or 0) <= 1000,
            "cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}
