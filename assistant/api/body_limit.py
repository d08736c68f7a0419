"""Refuses a request body over its size limit before it is read whole: by Content-Length up front, and by
counting a body that comes without one (chunked) as it streams in."""

from __future__ import annotations

import json
from typing import Any

Scope = dict[str, Any]


class BodyLimit:
    """Pure ASGI middleware: `limit` bytes for every route, `catalog_limit` for PUT /v1/catalog."""

    def __init__(self, app: Any, *, limit: int, catalog_limit: int):
        self.app = app
        self.limit = limit
        self.catalog_limit = catalog_limit

    def _limit_of(self, scope: Scope) -> int:
        return self.catalog_limit if scope.get("path") == "/v1/catalog" else self.limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_of(scope)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, limit)
            return
        seen = 0
        started = refused = False

        async def counted_receive() -> Any:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Answered here, and the app told the client went away: FastAPI turns any error raised
                    # while it reads the body into its own 400, which would hide what was wrong.
                    if not started and not refused:
                        refused = True
                        await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Any) -> None:
            nonlocal started
            if refused:
                return  # whatever the app answers after the refusal goes nowhere
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


async def _refuse(send: Any, limit: int) -> None:
    body = json.dumps({"error": {"code": "payload_too_large",
                                 "message": f"the request body is over the {limit}-byte limit for this route",
                                 "details": {"limit_bytes": limit}}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
