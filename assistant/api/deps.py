"""Request-scoped access to the services built at start-up."""

from __future__ import annotations

from fastapi import Request

from assistant.container import Services


async def services(request: Request) -> Services:
    return request.app.state.services
