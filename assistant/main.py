"""The FastAPI application: create_app() wires routers, the error handler and the services' lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

import prompts
from assistant.alerts import wiring as alerts_wiring
from assistant.api import (
    admin,
    board,
    cards,
    comments,
    demand,
    health,
    hosts,
    kits,
    metrics,
    ops,
    ops_stock,
    orders,
    pages,
    stock,
    waitlist,
    warehouses,
    webhooks,
)
from assistant.api.body_limit import BodyLimit
from assistant.api.handlers import install_error_handlers
from assistant.api.middleware import RequestContext
from assistant.api.openapi import describe_api
from assistant.api.page_security import PageSecurityMiddleware
from assistant.board import wiring as board_wiring
from assistant.comments import wiring as comments_wiring
from assistant.config import Settings, get_settings
from assistant.container import start_services
from assistant.demand import wiring as demand_wiring
from assistant.infra import metrics as figures
from assistant.infra.logs import configure_logging
from assistant.ledger import sweeper as ledger_sweeper
from assistant.ledger.service import Clock
from assistant.ops import wiring as ops_wiring
from assistant.security import load_or_generate_keys, parse_api_keys
from assistant.version import __version__
from assistant.waitlist import wiring as waitlist_wiring

API_DESCRIPTION = """Answers live-comment stock questions from a Redis ledger that never oversells, drafts host
prompt cards, flags demand and answers ops questions.

Every route but `GET /healthz` needs `Authorization: Bearer <key>` (**Authorize** above); each operation lists
the roles that may call it. Every error is `{"error": {"code", "message", "details"?}}`; branch on `code`.
Every response carries `X-Request-ID` (yours, when you send one). Guide: docs/INTEGRATION.md."""

# Order matters: comments publish demand events and read alerts; waitlist cards go to the alerts' store;
# ops reads all of them. The ledger's sweeper finishes orders spanning buckets left half done.
DOMAIN_WIRING = (ledger_sweeper, alerts_wiring, demand_wiring, waitlist_wiring, comments_wiring, ops_wiring,
                 board_wiring)


def resolve_api_keys(settings: Settings) -> dict[str, str]:
    if settings.api_keys:
        return dict(parse_api_keys(settings.api_keys))
    keys, _ = load_or_generate_keys(settings.data_dir)
    return dict(keys)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        prompts.compile_all()
        svc = await start_services(settings, clock=clock)
        app.state.services = svc
        try:
            for wiring in DOMAIN_WIRING:
                await wiring.start(app, svc)
            if svc.alerts is not None:
                svc.alerts.engine.listeners.append(figures.observe_card)
            yield
        finally:
            await svc.aclose()

    configure_logging(settings.log_level, settings.log_format)
    # Swagger UI and ReDoc from the assets inside fastapi-offline: /docs works without network access.
    app = FastAPIOffline(title="Live-stock assistant", version=__version__, lifespan=lifespan,
                         description=API_DESCRIPTION, static_url="/docs-assets")
    app.state.settings = settings
    app.state.api_keys = resolve_api_keys(settings)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, catalog_limit=settings.max_catalog_body_bytes)
    app.add_middleware(PageSecurityMiddleware)  # a CSP on every page, present and future
    for module in (health, admin, stock, orders, hosts, ops_stock, comments, cards, demand, ops, waitlist, webhooks,
                   board, metrics, pages, warehouses, kits):
        app.include_router(module.router)
    app.add_middleware(RequestContext)
    describe_api(app)
    return app
