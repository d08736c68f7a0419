"""The FastAPI application: create_app() wires routers, the error handler and the services' lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant.api import admin, health, hosts, ops_stock, orders, stock
from assistant.api.handlers import install_error_handlers
from assistant.config import Settings, get_settings
from assistant.container import Services, start_services
from assistant.ledger.service import Clock
from assistant.security import load_or_generate_keys, parse_api_keys

StartupHook = Callable[[FastAPI, Services], Awaitable[None]]
# Domains add their parts here (comments, alerts, demand, ops agent) so create_app stays one list.
STARTUP_HOOKS: list[StartupHook] = []


def resolve_api_keys(settings: Settings) -> dict[str, str]:
    if settings.api_keys:
        return dict(parse_api_keys(settings.api_keys))
    keys, _ = load_or_generate_keys(settings.data_dir)
    return dict(keys)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = await start_services(settings, clock=clock)
        app.state.services = svc
        try:
            for hook in STARTUP_HOOKS:
                await hook(app, svc)
            yield
        finally:
            await svc.aclose()

    app = FastAPI(title="Live-stock assistant", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.api_keys = resolve_api_keys(settings)
    install_error_handlers(app)
    for module in (health, admin, stock, orders, hosts, ops_stock):
        app.include_router(module.router)
    return app
