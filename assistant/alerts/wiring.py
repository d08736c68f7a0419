"""Builds the alerts part at start-up and stops it at shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from redis.asyncio import Redis

from assistant.alerts.cards import CardBuilder
from assistant.alerts.delivery import CardHub
from assistant.alerts.engine import AlertEngine
from assistant.alerts.lease import LeaderLease
from assistant.alerts.routing import StreamRoutes
from assistant.alerts.runner import AlertRunner
from assistant.alerts.settings import AlertSettings, StreamAlertSettings
from assistant.alerts.store import CardStore
from assistant.alerts.velocity import VelocityBook
from assistant.container import Services


@dataclass
class AlertsPart:
    """svc.alerts: the engine (tests drive it with catch_up), the card store, SSE hub and per-stream settings."""

    engine: AlertEngine
    store: CardStore
    hub: CardHub
    settings: StreamAlertSettings
    runner: AlertRunner | None = None


def build_engine(svc: Services, redis: Redis | None = None) -> tuple[AlertEngine, CardStore, StreamAlertSettings]:
    redis = redis or svc.redis
    config = svc.settings
    store = CardStore(redis, kept=config.alert_cards_kept, retention_hours=config.alert_card_retention_hours)
    settings = StreamAlertSettings(redis, AlertSettings.defaults_from(config))
    velocity = VelocityBook(lead_rate_window_s=config.alert_lead_rate_window_s)
    builder = CardBuilder(svc.ledger, svc.catalog, velocity, svc.low_stock, lambda: svc.demand,
                          config.alert_asking_timeout_s)
    engine = AlertEngine(ledger=svc.ledger, catalog=svc.catalog, routes=StreamRoutes(svc.streams),
                         settings=settings, store=store, builder=builder, velocity=velocity, clock=svc.clock)
    return engine, store, settings


async def start(app: FastAPI, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
    engine, store, settings = build_engine(svc)
    await engine.restore()
    await engine.start_at_end()
    await engine.warm_up()
    hub = CardHub(svc.redis)
    await hub.start()
    runner = AlertRunner(engine, LeaderLease(svc.redis))
    runner.start()
    svc.alerts = AlertsPart(engine=engine, store=store, hub=hub, settings=settings, runner=runner)

    async def stop() -> None:
        await runner.stop()
        await hub.close()

    svc.on_close(stop)
