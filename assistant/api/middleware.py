"""Per request: its id (the caller's X-Request-ID, else a new one) echoed and bound into every log line, one
JSON access line, and the HTTP figures for /metrics. Plain ASGI, not BaseHTTPMiddleware: it sits on the order
path, and it must not buffer server-sent events."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog

from assistant.infra import metrics

HEADER = b"x-request-id"
_SAFE_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
access_log = structlog.get_logger("assistant.access")


class RequestContext:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER, b"")
        request_id = given.decode() if _SAFE_ID.match(given) else uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            metrics.HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            metrics.HTTP_SECONDS.labels(scope["method"], route).observe(seconds)
            access_log.info("request", method=scope["method"], path=scope["path"], route=route, status=status,
                            duration_ms=round(seconds * 1000, 2))
            structlog.contextvars.unbind_contextvars("request_id")
