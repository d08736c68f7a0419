"""What a ledger script's outcome means to a caller: the one place a script's answer becomes an HTTP status.

A script answers data (assistant/ledger/lua/_prelude.lua): {'done' | 'created', JSON body[, 1 when a replay]}
or {'refused', JSON {error: {code, message, details}}}. Here an answer becomes the verb's typed answer with its
status, and a refusal its typed error, chosen by the refusal's code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from assistant.errors import (
    AppError,
    BuyerLimitExceeded,
    Conflict,
    FlashCapReached,
    IdempotencyConflict,
    InsufficientStock,
    InvalidInput,
    NotFound,
    StaleCount,
)
from assistant.ledger.answers import LedgerAnswer

# created: the operation happened now and made something (an order, a hold, a transfer); done: anything else
# that succeeded, including an answer about something that had happened.
STATUS = {"created": 201, "done": 200}
REFUSED = "refused"

# Every refusal code a script answers, as the error it is raised as (a test keeps this in step with the Lua).
REFUSALS: dict[str, type[AppError]] = {
    **{cls.code: cls for cls in (
        InsufficientStock, BuyerLimitExceeded, FlashCapReached, IdempotencyConflict, StaleCount)},
    # the thing the request names (in its path) does not exist
    **dict.fromkeys((
        "unknown_sku", "unknown_warehouse", "transfer_not_found", "shipment_not_found", "order_not_found",
        "hold_not_found"), NotFound),
    # the request itself is malformed
    **dict.fromkeys(("unknown_policy", "unknown_action", "reserved_shipment_id"), InvalidInput),
    # the state the request meets does not allow it
    **dict.fromkeys((
        "warehouse_required", "not_warehoused", "transfer_received", "transfer_not_proposed", "transfer_expired",
        "transfer_not_in_transit", "transfer_shipment", "order_not_accepted", "order_final", "order_changed", "hold_not_active",
        "hold_changed",
        "order_timed_out"), Conflict),  # an order spanning buckets not completed in time (coordinator.py)
}
# A sale names its SKUs in the body, not the path: a SKU missing from the ledger there is a bad request (422).
IN_BODY: dict[str, type[AppError]] = {"unknown_sku": InvalidInput}

Answer = TypeVar("Answer", bound=LedgerAnswer)


def refused(raw: Sequence[Any]) -> bool:
    return _text(raw[0]) == REFUSED


def refusal(raw: Sequence[Any], *, skus_in_body: bool = False) -> AppError:
    """A refused outcome as its typed error."""
    error = json.loads(raw[1])["error"]
    details = error.get("details")
    code = error["code"]
    kind = (IN_BODY.get(code) if skus_in_body else None) or REFUSALS[code]
    return kind(error["message"], code=code, details=details if isinstance(details, dict) else None)


def answer(raw: Sequence[Any], kind: type[Answer], *, skus_in_body: bool = False) -> Answer:
    """A script's outcome as the verb's typed answer, or its refusal raised as a typed error."""
    if refused(raw):
        raise refusal(raw, skus_in_body=skus_in_body)
    typed = kind.model_validate(json.loads(raw[1]))
    typed.answered(STATUS[_text(raw[0])], replayed=len(raw) > 2 and int(raw[2]) == 1)
    return typed


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
