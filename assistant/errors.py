"""Typed errors: every 4xx the service answers is one of these, rendered as one JSON shape."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}

    def headers(self) -> dict[str, str]:
        return {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class PartNotRunning(AppError):
    """A domain part (alerts, ops, comments ...) is not running on this server: start-up has not wired it."""

    status_code = 503
    code = "part_unavailable"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class BuyerLimitExceeded(Conflict):
    code = "buyer_limit_exceeded"


class FlashCapReached(Conflict):
    code = "flash_cap_reached"


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"


class StaleCount(Conflict):
    code = "stale_count"


class InvalidInput(AppError):
    status_code = 422
    code = "invalid_input"


class CatalogInvalid(InvalidInput):
    code = "invalid_catalog"


class ModelUnavailable(AppError):
    """The language model failed and no fallback could answer: the model, not the caller, is at fault."""

    status_code = 502
    code = "model_unavailable"


class ModelTimeout(ModelUnavailable):
    status_code = 504
    code = "model_timeout"


class StoreUnavailable(AppError):
    """Redis cannot be reached, stalled past the time-out, or lost a reply: the caller should retry."""

    status_code = 503
    code = "store_unavailable"
    retry_after_s = 2

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class StoreFull(StoreUnavailable):
    """Redis refuses writes (out of memory under noeviction); reads still work."""

    code = "store_full"
    retry_after_s = 30
