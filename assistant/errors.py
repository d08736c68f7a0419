"""Typed errors: every 4xx the service answers is one of these, rendered as one JSON shape.

An error class names its HTTP status and default code where it is declared (``class NotFound(AppError,
status=404, code="not_found")``); a raise may give a more specific code.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status_code = status
        if code is not None:
            cls.code = code

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


class Unauthorized(AppError, status=401, code="unauthorized"): ...
class Forbidden(AppError, status=403, code="forbidden"): ...
class NotFound(AppError, status=404, code="not_found"): ...
class Conflict(AppError, status=409, code="conflict"): ...
class InsufficientStock(Conflict, code="insufficient_stock"): ...
class BuyerLimitExceeded(Conflict, code="buyer_limit_exceeded"): ...
class FlashCapReached(Conflict, code="flash_cap_reached"): ...
class IdempotencyConflict(Conflict, code="idempotency_conflict"): ...
class StaleCount(Conflict, code="stale_count"): ...
class InvalidInput(AppError, status=422, code="invalid_input"): ...
class CatalogInvalid(InvalidInput, code="invalid_catalog"): ...


class PartNotRunning(AppError, status=503, code="part_unavailable"):
    """A domain part (alerts, ops, comments ...) is not running on this server: start-up has not wired it."""


class ModelUnavailable(AppError, status=502, code="model_unavailable"):
    """The language model failed and no fallback could answer: the model, not the caller, is at fault."""


class ModelTimeout(ModelUnavailable, status=504, code="model_timeout"): ...


class LedgerMisconfigured(AppError, status=503, code="ledger_bucket_count_mismatch"):
    """This worker's ledger bucket count is not the one the ledger in Redis was created with: it must not move
    stock (an order id's claim and a SKU's placement would be looked up in other buckets)."""


class StoreUnavailable(AppError, status=503, code="store_unavailable"):
    """Redis cannot be reached, stalled past the time-out, or lost a reply: the caller should retry."""

    retry_after_s = 2

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class StoreFull(StoreUnavailable, code="store_full"):
    """Redis refuses writes (out of memory under noeviction); reads still work."""

    retry_after_s = 30
