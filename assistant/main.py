"""The FastAPI application: create_app() wires routers, the error handler and the services' lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

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
    ops,
    ops_stock,
    orders,
    stock,
    webhooks,
)
from assistant.api.handlers import install_error_handlers
from assistant.api.page_security import PageSecurityMiddleware
from assistant.board import wiring as board_wiring
from assistant.comments import wiring as comments_wiring
from assistant.config import Settings, get_settings
from assistant.container import start_services
from assistant.demand import wiring as demand_wiring
from assistant.ledger.service import Clock
from assistant.ops import wiring as ops_wiring
from assistant.security import load_or_generate_keys, parse_api_keys

# Order matters: comments publish demand events and read alerts; ops reads all of them.
DOMAIN_WIRING = (alerts_wiring, demand_wiring, comments_wiring, ops_wiring, board_wiring)


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
            yield
        finally:
            await svc.aclose()

    app = FastAPI(title="Live-stock assistant", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.api_keys = resolve_api_keys(settings)
    install_error_handlers(app)
    app.add_middleware(PageSecurityMiddleware)  # a CSP on every page, present and future
    for module in (health, admin, stock, orders, hosts, ops_stock, comments, cards, demand, ops, webhooks, board):
        app.include_router(module.router)
    return app
