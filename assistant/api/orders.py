"""Orders and carts from the shop platforms (the integration) and ops."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import SellerKey, ServicesDep
from assistant.api.idempotency import IdempotencyKey
from assistant.api.schemas.common import AUTHED_ERRORS, errors, ledger_answer
from assistant.api.schemas.stock import CancelAnswer, HoldAnswer, OrderAnswer, ReleaseAnswer
from assistant.catalog.ids import Id
from assistant.infra import metrics
from assistant.ledger.models import HoldRequest, OrderRequest

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["orders"], responses={**AUTHED_ERRORS, **errors(404, 409)})

ORDER_EXAMPLE = {"order_id": "dy-20260501-0001", "channel": "douyin", "buyer_id": "buyer-42",
                 "stream_id": "demo-live", "lines": [{"sku": "HD-101-BLK-L", "qty": 1}]}


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=200)


class ConfirmHold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: Id


@router.post("/v1/orders", status_code=201, response_model=OrderAnswer,
             openapi_extra={"requestBody": {"content": {"application/json": {"example": ORDER_EXAMPLE}}}})
async def place_order(order: OrderRequest, response: Response, who: SellerKey, svc: ServicesDep) -> OrderAnswer:
    """Place an order: all lines or none. Idempotent by `order_id`: the same body again gets the first answer and
    never deducts twice (safe to retry after a time-out); another body under a used id is 409
    `idempotency_conflict`. Refusals: 409 `insufficient_stock`, `buyer_limit_exceeded`, `flash_cap_reached`."""
    with metrics.counting_order():
        return ledger_answer(await svc.ledger.place_order(order, who.identity), response)


@router.post("/v1/orders/{order_id}/cancel", response_model=CancelAnswer)
async def cancel_order(order_id: Id, response: Response, who: SellerKey, svc: ServicesDep,
                       body: CancelRequest | None = None, op_id: IdempotencyKey = None) -> CancelAnswer:
    """Cancel an order: its stock goes back once; cancelling again changes nothing (`changed: false`)."""
    reason = body.reason if body else ""
    return ledger_answer(await svc.ledger.cancel_order(order_id, who.identity, reason, op_id=op_id), response)


@router.post("/v1/holds", status_code=201, response_model=HoldAnswer)
async def place_hold(hold: HoldRequest, response: Response, who: SellerKey, svc: ServicesDep) -> HoldAnswer:
    """Hold stock for an unpaid cart until `expires_at_ms` (`ttl_seconds`, default the service's hold TTL).
    An expired hold stops counting at once. Idempotent by `hold_id`."""
    return ledger_answer(await svc.ledger.place_hold(hold, who.identity), response)


@router.post("/v1/holds/{hold_id}/confirm", status_code=201, response_model=OrderAnswer)
async def confirm_hold(hold_id: Id, body: ConfirmHold, response: Response, who: SellerKey, svc: ServicesDep) -> OrderAnswer:
    """The cart was paid: the hold becomes order `order_id` (idempotent by that id)."""
    return ledger_answer(await svc.ledger.confirm_hold(hold_id, body.order_id, who.identity), response)


@router.post("/v1/holds/{hold_id}/release", response_model=ReleaseAnswer)
async def release_hold(hold_id: Id, response: Response, who: SellerKey, svc: ServicesDep,
                       op_id: IdempotencyKey = None) -> ReleaseAnswer:
    """The cart was abandoned: the held units are sellable again (once)."""
    return ledger_answer(await svc.ledger.release_hold(hold_id, who.identity, op_id=op_id), response)
