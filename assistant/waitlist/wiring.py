"""Builds the waitlist part at start-up (after alerts: its host cards go to their store) and stops it."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.container import Services
from assistant.infra.deferred_start import start_or_defer
from assistant.waitlist.comments import WaitlistReplies
from assistant.waitlist.notices import NoticeDesk
from assistant.waitlist.outbox import EventLog, NoticeSink, WebhookSink
from assistant.waitlist.service import WaitlistService
from assistant.waitlist.settings import StreamWaitlistSettings, WaitlistSettings
from assistant.waitlist.store import WaitlistStore
from assistant.waitlist.watcher import NoticeWatcher


def build(svc: Services, sink: NoticeSink | None = None) -> WaitlistService:
    config = svc.settings
    store = WaitlistStore(svc.redis, retention_hours=config.waitlist_retention_hours)
    settings = StreamWaitlistSettings(svc.redis, WaitlistSettings.defaults_from(config))
    catalog = lambda: svc.catalog.catalog  # noqa: E731  (the live catalog, reloaded in place)
    desk = NoticeDesk(store=store, ledger=svc.ledger, catalog=catalog, low_stock=svc.low_stock, settings=settings,
                      sink=sink or WebhookSink(EventLog(store), lambda: getattr(svc.alerts, "outbox", None)), cards=lambda: svc.alerts.store if svc.alerts else None,
                      max_chars=config.waitlist_reply_max_chars, max_mentions=config.comment_max_mentions,
                      parts_per_response=config.waitlist_parts_per_response)
    watcher = NoticeWatcher(svc.ledger, store, desk.finish, clock=svc.clock, catalog_product=svc.catalog.product_of_sku,
                            cooldown_ms=int(config.waitlist_notice_cooldown_s * 1000))
    return WaitlistService(store=store, replies=WaitlistReplies(store, svc.ledger, catalog, svc.low_stock),
                           watcher=watcher, desk=desk, settings=settings, ledger=svc.ledger, catalog=svc.catalog,
                           low_stock=svc.low_stock, clock=svc.clock)


async def start(app: FastAPI, svc: Services) -> None:
    waitlist = build(svc)
    svc.waitlist = waitlist
    svc.on_close(waitlist.watcher.stop)
    svc.loops.append(waitlist.watcher.trouble)

    async def begin() -> None:
        await waitlist.watcher.start_cursor()
        waitlist.watcher.start()

    await start_or_defer("waitlist notices", begin, svc.on_close, svc.loops)  # Redis down or full at start: later
