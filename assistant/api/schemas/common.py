"""What every route shares in its OpenAPI description: the base model, the error shape and `errors()`.

Convention: a router lists the statuses it can answer beyond the defaults with `responses=errors(404, 409)`;
AUTHED_ERRORS (401, 403, 422, 503) goes on every router whose routes need a key. The bodies documented here are
the ones the error handler (assistant/api/handlers.py) really sends.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel, Field

from assistant.ledger.answers import LedgerAnswer
from assistant.results import ResultModel

Answer = TypeVar("Answer", bound=LedgerAnswer)


class ApiModel(ResultModel):
    """A response body of the API's own (the domain's results are ResultModels too): extra fields pass through."""


class ErrorDetail(BaseModel):
    code: str = Field(description="snake_case, stable: branch on this, not on the message")
    message: str = Field(description="a human sentence naming what was wrong")
    details: dict[str, Any] | None = Field(
        default=None, description="machine-readable context; on invalid_input: {\"problems\": [{field, message}]}")


class ErrorResponse(BaseModel):
    """Every error the service answers: {"error": {"code", "message", "details"?}}."""

    error: ErrorDetail


_ERRORS: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("The request cannot be understood (e.g. a catalog that is not an object).",
          {"code": "bad_request", "message": "the body must be a JSON object"}),
    401: ("No API key, or not a valid one. Send `Authorization: Bearer <key>`.",
          {"code": "missing_api_key", "message": "send Authorization: Bearer <api key>"}),
    403: ("A valid key whose role may not call this route.",
          {"code": "wrong_role", "message": "the host key may not call this route (needs integration or ops)"}),
    404: ("Something the path names does not exist (codes such as `unknown_sku`, `unknown_product`, `not_found`).",
          {"code": "unknown_sku", "message": "SKU HD-101-BLK-XS is not in the ledger"}),
    409: ("Refused against the current state; nothing was applied (codes such as `insufficient_stock`, "
          "`buyer_limit_exceeded`, `flash_cap_reached`, `idempotency_conflict`, `stale_count`).",
          {"code": "insufficient_stock", "message": "only 3 of HD-101-BLK-L can be sold, 5 asked",
           "details": {"sku": "HD-101-BLK-L", "available": 3, "requested": 5}}),
    413: ("The body is larger than the service accepts.",
          {"code": "payload_too_large", "message": "the body is larger than the limit"}),
    422: ("The body, path or query is invalid; `message` names the first field, `details.problems` all of them "
          "(`invalid_json` when the body is not JSON).",
          {"code": "invalid_input", "message": "lines[0].qty: Input should be greater than 0",
           "details": {"problems": [{"field": "lines[0].qty", "message": "Input should be greater than 0"}]}}),
    429: ("Too many requests; retry after the `Retry-After` header.",
          {"code": "rate_limited", "message": "too many requests, retry later"}),
    502: ("The LLM server answered with an error.", {"code": "llm_error", "message": "the model server failed"}),
    503: ("The store (Redis) cannot be reached or refuses writes; retry after the `Retry-After` header. "
          "Nothing was applied.", {"code": "store_unavailable", "message": "the stock store cannot be reached"}),
    504: ("The LLM did not answer within its time budget.",
          {"code": "llm_timeout", "message": "the model did not answer in time"}),
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each with the real error shape and an example."""
    return {
        status: {"model": ErrorResponse, "description": _ERRORS[status][0],
                 "content": {"application/json": {"example": {"error": _ERRORS[status][1]}}}}
        for status in statuses
    }


AUTHED_ERRORS = errors(401, 403, 422, 503)


def event_stream(description: str, events: list[str], data_schema: dict[str, Any],
                 example: str) -> dict[int | str, dict[str, Any]]:
    """A 200 of server-sent events: each event is named in `events`, its `data` is JSON per `data_schema`."""
    item = {"type": "object", "required": ["data"], "properties": {
        "event": {"type": "string", "enum": events},
        "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": data_schema},
        "id": {"type": "string"}, "retry": {"type": "integer"}}}
    return {200: {"description": description, "content": {"text/event-stream": {
        "schema": {"type": "array", "items": item}, "itemSchema": item, "example": example}}}}


def ledger_answer(answer: Answer, response: Response) -> Answer:
    """A ledger verb's answer: its script's status (201 first time, 200 ...) moves to the HTTP response, and a
    replayed operation (same Idempotency-Key or id) says so in `Idempotent-Replayed: true`."""
    response.status_code = answer.http_status
    if answer.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return answer
