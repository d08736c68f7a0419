"""The one error handler: every failure leaves as {"error": {"code", "message"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.api.middleware import INTERNAL_ERROR
from assistant.catalog.ids import ID_PATTERN, ID_RULE
from assistant.errors import AppError
from assistant.infra import metrics
from assistant.infra.store_errors import STORE_ERRORS, store_failure

log = logging.getLogger("assistant")

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
               413: "payload_too_large", 415: "unsupported_media_type"}


def _location(loc: tuple[object, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def _message(error: Any) -> str:
    """pydantic's words, except for an id: its pattern is no sentence a caller can act on."""
    if error.get("type") == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == ID_PATTERN:
        return f"is not an id ({ID_RULE})"
    return str(error.get("msg", "is invalid"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers())

    # Its own handler, not the catch-all below: Starlette answers the catch-all from its outermost middleware
    # and then closes the connection, so the caller's next request on it would fail too.
    async def store_error(request: Request, exc: Exception) -> JSONResponse:
        failure = store_failure(exc)
        if failure is None:
            metrics.REDIS_ERRORS.labels(type(exc).__name__).inc()
            return await unexpected(request, exc)
        log.warning("store failure on %s %s: %s", request.method, request.url.path, exc)
        return await app_error(request, failure)

    for kind in STORE_ERRORS:
        app.add_exception_handler(kind, store_error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": _location(tuple(e.get("loc", ()))), "message": _message(e)}
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"field": "body", "message": "is invalid"}
        body: dict[str, Any]
        if first["message"].startswith("JSON decode error"):
            body = {"error": {"code": "invalid_json", "message": "the body is not valid JSON"}}
        else:
            body = {"error": {"code": "invalid_input", "message": f"{first['field']}: {first['message']}",
                              "details": {"problems": problems}}}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error (a bug): %s", exc)
        return JSONResponse(INTERNAL_ERROR, status_code=500)
