"""Orders and carts from the shop platforms (the integration) and ops."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import services
from assistant.api.idempotency import IdempotencyKey, ledger_response
from assistant.catalog.models import ID_PATTERN
from assistant.container import Services
from assistant.errors import AppError
from assistant.ledger.models import HoldRequest, OrderRequest
from assistant.ops import refusals
from assistant.security import Principal, require

router = APIRouter(tags=["orders"])
sellers = require("integration", "ops")


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=200)


class ConfirmHold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(pattern=ID_PATTERN)


@router.post("/v1/orders", status_code=201)
async def place_order(order: OrderRequest, who: Principal = Depends(sellers),
                      svc: Services = Depends(services)) -> JSONResponse:
    try:
        return ledger_response(await svc.ledger.place_order(order, who.identity))
    except AppError as error:  # ops count refused orders per room ("有多少单被拒了")
        await refusals.record(svc.redis, order, error, svc.clock(), svc.ledger.reject_keep_seconds)
        raise


@router.post("/v1/orders/{order_id}/cancel")
async def cancel_order(order_id: str, body: CancelRequest | None = None, op_id: IdempotencyKey = None,
                       who: Principal = Depends(sellers), svc: Services = Depends(services)) -> JSONResponse:
    reason = body.reason if body else ""
    return ledger_response(await svc.ledger.cancel_order(order_id, who.identity, reason, op_id=op_id))


@router.post("/v1/holds", status_code=201)
async def place_hold(hold: HoldRequest, who: Principal = Depends(sellers),
                     svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.place_hold(hold, who.identity))


@router.post("/v1/holds/{hold_id}/confirm", status_code=201)
async def confirm_hold(hold_id: str, body: ConfirmHold, who: Principal = Depends(sellers),
                       svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.confirm_hold(hold_id, body.order_id, who.identity))


@router.post("/v1/holds/{hold_id}/release")
async def release_hold(hold_id: str, op_id: IdempotencyKey = None, who: Principal = Depends(sellers),
                       svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.release_hold(hold_id, who.identity, op_id=op_id))
