"""Ops stock actions over HTTP (restock, count correction, policies, incoming)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from assistant.api.deps import OpsOrAdminKey, ServicesDep
from assistant.api.idempotency import IdempotencyKey
from assistant.api.schemas.common import AUTHED_ERRORS, errors, ledger_answer
from assistant.api.schemas.stock import (
    CountAnswer,
    IncomingAnswer,
    PolicyAnswer,
    ReceiveAnswer,
    RestockAnswer,
)
from assistant.catalog.ids import Id
from assistant.infra.limits import EPOCH_MS_MAX, EPOCH_MS_MIN

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["ops"], responses={**AUTHED_ERRORS, **errors(404, 409)})


class Restock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: StrictInt = Field(gt=0, le=1_000_000)
    reason: str = Field(default="", max_length=200)


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stock: StrictInt = Field(ge=0, le=10_000_000, description="units physically in stock after the count")
    expected_stock: StrictInt | None = Field(default=None, ge=0, le=10_000_000,
                                             description="apply only if stock is still this")
    reason: str = Field(default="", max_length=200)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Literal["safety_stock", "buyer_limit", "flash_cap", "allocation", "region_buyer_limit"]
    value: StrictInt | None = Field(ge=0, le=10_000_000, description="null clears a flash cap or allocation")
    scope: str = Field(default="", max_length=80,
                       description="flash cap: *, channel:X, stream:Y or region:R; allocation: channel; region_buyer_limit: region:R")


class Incoming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shipment_id: Id
    qty: StrictInt = Field(gt=0, le=10_000_000)
    eta_ms: StrictInt = Field(ge=EPOCH_MS_MIN, le=EPOCH_MS_MAX,
                              description="expected arrival, ms since the epoch (years 2000 to 2100)")


@router.post("/v1/skus/{sku}/restock", response_model=RestockAnswer)
async def restock(sku: Id, body: Restock, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                  op_id: IdempotencyKey = None) -> RestockAnswer:
    """Add units that arrived outside a shipment (`qty` > 0); the sellable count rises at once."""
    return ledger_answer(await svc.ledger.restock(sku, body.qty, who.identity, body.reason, op_id=op_id), response)


@router.post("/v1/skus/{sku}/count", response_model=CountAnswer)
async def correct(sku: Id, body: Correction, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                  op_id: IdempotencyKey = None) -> CountAnswer:
    """Set the counted physical stock. With `expected_stock` it applies only if the stock is still that (compare-and-set; 409 `stale_count` otherwise)."""
    return ledger_answer(await svc.ledger.correct_count(
        sku, body.stock, who.identity, expected_stock=body.expected_stock, reason=body.reason, op_id=op_id), response)


@router.put("/v1/skus/{sku}/policy", response_model=PolicyAnswer)
async def policy(sku: Id, body: Policy, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                 op_id: IdempotencyKey = None) -> PolicyAnswer:
    """Set safety stock, a per-buyer limit, a flash-sale cap (scope `*`, `channel:X` or `stream:Y`) or a channel allocation; `value: null` clears a cap or allocation."""
    scope = body.scope or ("*" if body.policy == "flash_cap" else "")
    return ledger_answer(await svc.ledger.set_policy(sku, body.policy, body.value, who.identity, scope=scope, op_id=op_id), response)


@router.post("/v1/skus/{sku}/incoming", response_model=IncomingAnswer)
async def incoming(sku: Id, body: Incoming, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                   op_id: IdempotencyKey = None) -> IncomingAnswer:
    """Record a shipment on the way (replies and cards can then say when stock returns)."""
    return ledger_answer(await svc.ledger.add_incoming(sku, body.shipment_id, body.qty, body.eta_ms, who.identity, op_id=op_id), response)


@router.post("/v1/skus/{sku}/incoming/{shipment_id}/receive", response_model=ReceiveAnswer)
async def receive(sku: Id, shipment_id: Id, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                  op_id: IdempotencyKey = None) -> ReceiveAnswer:
    """The shipment arrived: its units become stock, once."""
    return ledger_answer(await svc.ledger.receive_incoming(sku, shipment_id, who.identity, op_id=op_id), response)
