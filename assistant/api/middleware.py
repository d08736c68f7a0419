"""Per request: its id (the caller's X-Request-ID, else a new one) echoed and bound into every log line, one
JSON access line, and the HTTP figures for /metrics. Plain ASGI, not BaseHTTPMiddleware: it sits on the order
path, and it must not buffer server-sent events."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import structlog

from assistant.infra import metrics

INTERNAL_ERROR = {"error": {"code": "internal_error", "message": "internal error; this is a bug"}}

HEADER = b"x-request-id"
_SAFE_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
access_log = structlog.get_logger("assistant.access")
log = structlog.get_logger("assistant")


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
        started, status, answering = time.perf_counter(), 500, False

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                status, answering = message["status"], True
                message["headers"] = [*message.get("headers", []), (HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # A bug: answered here, inside the request's context, so the 500 carries the request's id and so does
            # the log line (Starlette's outermost error handler would answer outside it, without the id).
            log.exception("unhandled error (a bug)")
            if answering:
                raise  # the answer had begun: nothing sound can be sent now
            body = json.dumps(INTERNAL_ERROR).encode()
            await send_with_id({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send_with_id({"type": "http.response.body", "body": body})
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            metrics.HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            metrics.HTTP_SECONDS.labels(scope["method"], route).observe(seconds)
            access_log.info("request", method=scope["method"], path=scope["path"], route=route, status=status,
                            duration_ms=round(seconds * 1000, 2))
            structlog.contextvars.unbind_contextvars("request_id")
