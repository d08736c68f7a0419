"""Builds the alerts part at start-up and stops it at shutdown."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redis.asyncio import Redis

from assistant.alerts.cards import CardBuilder
from assistant.alerts.delivery import CardHub
from assistant.alerts.engine import AlertEngine
from assistant.alerts.lease import LeaderLease
from assistant.alerts.notify import CardNotifier, catch_up, unacknowledged
from assistant.alerts.outbox import Outbox
from assistant.alerts.outbox.address_guard import AddressGuard
from assistant.alerts.outbox.dispatcher import Dispatcher, RetryPolicy
from assistant.alerts.outbox.targets import WebhookTargets
from assistant.alerts.routing import StreamRoutes
from assistant.alerts.runner import AlertRunner
from assistant.alerts.settings import StreamAlertSettings
from assistant.alerts.store import CardStore
from assistant.alerts.velocity import VelocityBook
from assistant.config import Settings
from assistant.container import Services
from assistant.infra.deferred_start import start_or_defer
from assistant.infra.redis_client import own_client

if TYPE_CHECKING:  # the terminal builds the engine for one question without the web framework
    from fastapi import FastAPI


@dataclass
class AlertsPart:
    """svc.alerts: the engine (tests drive it with catch_up), the card store, SSE hub, per-stream settings, and
    the outbox every part sends outside through (`await svc.alerts.outbox.enqueue(stream_id, kind, payload)`)."""

    engine: AlertEngine
    store: CardStore
    hub: CardHub
    settings: StreamAlertSettings
    outbox: Outbox
    targets: WebhookTargets
    runner: AlertRunner | None = None
    dispatcher: Dispatcher | None = None


def build_engine(svc: Services, redis: Redis | None = None) -> tuple[AlertEngine, CardStore, StreamAlertSettings]:
    redis = redis or svc.redis
    config = svc.settings
    store = CardStore(redis, kept=config.alert_cards_kept, retention_hours=config.alert_card_retention_hours)
    settings = StreamAlertSettings(redis, config.alert_defaults())
    velocity = VelocityBook(lead_rate_window_s=config.alert_lead_rate_window_s,
                            bulk_order_units=config.alert_bulk_order_units)
    builder = CardBuilder(svc.ledger, svc.catalog, velocity, svc.low_stock, lambda: svc.demand,
                          config.alert_asking_timeout_s)
    engine = AlertEngine(ledger=svc.ledger, catalog=svc.catalog, routes=StreamRoutes(svc.streams),
                         settings=settings, store=store, builder=builder, velocity=velocity, clock=svc.clock)
    return engine, store, settings


def build(svc: Services) -> AlertsPart:
    """The part without its loops (no runner, no dispatcher, the hub not started): what a one-shot command reads."""
    engine, store, settings = build_engine(svc)
    return AlertsPart(engine=engine, store=store, hub=CardHub(svc.redis), settings=settings,
                      outbox=Outbox(svc.redis, svc.clock),
                      targets=WebhookTargets(svc.redis, guard=AddressGuard(svc.settings.webhook_allow_private_addresses)))


def retry_policy(config: Settings) -> RetryPolicy:
    return RetryPolicy(base_s=config.webhook_retry_base_s, max_s=config.webhook_retry_max_s,
                       give_up_s=config.webhook_give_up_hours * 3600, timeout_s=config.webhook_timeout_s)


async def start(app: FastAPI, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
    part = build(svc)
    engine, store, settings, outbox, hub = part.engine, part.store, part.settings, part.outbox, part.hub
    notifier = CardNotifier(outbox, settings)
    engine.notifiers.append(notifier)
    runner = AlertRunner(engine, LeaderLease(svc.redis))
    # Its own connection: the dispatcher's blocking stream read never holds one of the request pool's.
    own = own_client(svc.redis)
    dispatcher = Dispatcher(Outbox(own, svc.clock), part.targets, policy=retry_policy(svc.settings),
                            unacknowledged=unacknowledged(store))
    part.runner, part.dispatcher = runner, dispatcher
    svc.alerts = part

    async def stop() -> None:
        await dispatcher.stop()
        await own.aclose()
        await runner.stop()
        await hub.close()

    svc.on_close(stop)
    svc.loops += [runner.trouble, dispatcher.trouble, hub.trouble]
    await hub.start()  # resubscribes by itself while Redis is away

    started, tries = time.monotonic(), 0

    async def begin() -> None:  # all again from the top when Redis fails half-way: each step reads, or is deduped
        nonlocal tries
        tries += 1
        since_ms = None
        if tries > 1:  # Redis was away at start: orders since it came back are news, not history
            seconds, micros = await svc.redis.time()
            since_ms = int(seconds) * 1000 + int(micros) // 1000 - int((time.monotonic() - started) * 1000)
        await engine.restore()
        await catch_up(store, engine.routes.stream_ids, notifier)
        await engine.start_at_end(since_ms)
        engine.velocity.clear()  # a try that failed half-way through warm_up fed part of the history already
        await engine.warm_up()
        runner.start()
        dispatcher.start()

    await start_or_defer("alert engine", begin, svc.on_close, svc.loops)  # Redis down or full at start: once it is back
