"""Shared by the alert tests: a ledger + engine rig on the test Redis, scripted orders, a threaded server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from assistant.alerts.engine import AlertEngine
from assistant.alerts.settings import AlertSettingsPatch
from assistant.alerts.wiring import build_engine
from assistant.catalog.service import CatalogService
from assistant.config import Settings
from assistant.container import Services
from assistant.ledger.availability import LowStockRule
from assistant.ledger.models import OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from assistant.streams.service import Lineup, LineupItem, StreamService
from tests.conftest import SAMPLE_DATA, ManualClock
from tests.support.waiting import eventually_sync


@dataclass
class Rig:
    svc: Services
    engine: AlertEngine
    clock: ManualClock
    published: list[dict[str, Any]] = field(default_factory=list)  # every card publication, updates included
    orders: int = 0

    @property
    def ledger(self) -> Ledger:
        return self.svc.ledger

    async def sell(self, sku: str, qty: int = 1, *, stream: str | None = None) -> str:
        self.orders += 1
        order_id = f"o{self.orders}"
        await self.ledger.place_order(OrderRequest(order_id=order_id, channel="douyin", buyer_id=f"b{self.orders}",
                                                   stream_id=stream, lines=[OrderLine(sku=sku, qty=qty)]), "test")
        return order_id

    async def sellable(self, *skus: str) -> dict[str, int]:
        stocks = await self.ledger.read(list(skus))
        return {sku: stock.sellable if stock else 0 for sku, stock in stocks.items()}

    async def new_cards(self) -> list[dict[str, Any]]:
        """Drives the engine over everything written so far; the cards it published (new and updated)."""
        return [card.public() for card in await self.engine.catch_up()]  # as screens and webhooks get them


def sample_catalog() -> dict[str, Any]:
    return json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())


def grid_catalog(products: int, skus_per_product: int, on_hand: int, lead_hours: float | None = None) -> dict[str, Any]:
    colours = ["black", "white", "grey", "navy", "red", "pink", "green", "khaki"]
    return {"catalog_version": 1, "products": [
        {"id": f"P{p:02d}", "name": {"zh": f"测试款{p:02d}", "en": f"Test item {p:02d}"},
         "restock_lead_hours": lead_hours,
         "variants": [{"sku": f"P{p:02d}-{colours[v % 8][:3].upper()}-M", "colour": colours[v % 8], "size": "M",
                       "on_hand": on_hand} for v in range(skus_per_product)]}
        for p in range(products)]}


async def make_rig(redis: Redis, clock: ManualClock, catalog: dict[str, Any], lineups: dict[str, list[str]],
                   *, buckets: int = 1, **overrides: Any) -> Rig:
    settings = Settings(redis_url="redis://unused", api_keys="admin:x", ledger_buckets=buckets)
    ledger = Ledger(redis, clock=clock, buckets=buckets)
    catalog_service = CatalogService(redis, ledger)
    await catalog_service.load(catalog, actor="test", reset_stock=True)
    streams = StreamService(redis, catalog_service)
    for stream_id, product_ids in lineups.items():
        items = [LineupItem(link_no=i + 1, product_id=p) for i, p in enumerate(product_ids)]
        await streams.set_lineup(stream_id, Lineup(items=items))
    svc = Services(settings=settings, redis=redis, ledger=ledger, catalog=catalog_service, streams=streams,
                   low_stock=LowStockRule(), clock=clock)
    engine, _, stream_settings = build_engine(svc)
    for stream_id in lineups:
        if overrides:
            await stream_settings.update(stream_id, AlertSettingsPatch(**overrides))
    await engine.start_at_end()
    rig = Rig(svc, engine, clock)
    engine.listeners.append(lambda card: rig.published.append(card.public()))
    return rig


def first_cards_by_level(published: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Distinct card ids per level, in the order the cards first appeared."""
    ids: dict[str, list[str]] = {}
    for card in published:
        if card["id"] not in ids.setdefault(card["level"], []):
            ids[card["level"]].append(card["id"])
    return ids


@contextmanager
def serve_in_thread(app: Any, port: int) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 in a thread (its own event loop); yields the base URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    eventually_sync(lambda: server.started or not thread.is_alive(), "uvicorn started")
    if not server.started:
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@asynccontextmanager
async def alerts_only_app(settings: Settings, clock: ManualClock, *, background: bool = True) -> AsyncIterator[Any]:
    """The real app and lifespan with only the alerts part wired: these tests exercise alerts alone, and the
    other parts' background tasks (in progress elsewhere) neither slow nor block them. background=False stops
    the engine's XREAD loop so the test drives it with catch_up() and batches are the test's, not a race's."""
    import assistant.main as main

    saved = main.DOMAIN_WIRING
    main.DOMAIN_WIRING = (main.alerts_wiring,)
    try:
        application = main.create_app(settings, clock=clock)
        async with application.router.lifespan_context(application):
            if not background:
                await application.state.services.alerts.runner.stop()
            yield application
    finally:
        main.DOMAIN_WIRING = saved
