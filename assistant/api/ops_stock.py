"""Ops stock actions over HTTP (restock, count correction, policies, incoming)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import services
from assistant.api.idempotency import IdempotencyKey, ledger_response
from assistant.container import Services
from assistant.security import Principal, require

router = APIRouter(tags=["ops"])
ops = require("ops", "admin")


class Restock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: int = Field(gt=0, le=1_000_000)
    reason: str = Field(default="", max_length=200)


class Correction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stock: int = Field(ge=0, le=10_000_000, description="units physically in stock after the count")
    expected_stock: int | None = Field(default=None, ge=0, description="apply only if stock is still this")
    reason: str = Field(default="", max_length=200)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policy: Literal["safety_stock", "buyer_limit", "flash_cap", "allocation"]
    value: int | None = Field(ge=0, le=10_000_000, description="null clears a flash cap or allocation")
    scope: str = Field(default="", max_length=80, description="flash cap: *, channel:X or stream:Y; allocation: channel")


class Incoming(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shipment_id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    qty: int = Field(gt=0, le=10_000_000)
    eta_ms: int = Field(gt=0, description="expected arrival, ms since the epoch")


@router.post("/v1/skus/{sku}/restock")
async def restock(sku: str, body: Restock, op_id: IdempotencyKey = None, who: Principal = Depends(ops),
                  svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.restock(sku, body.qty, who.identity, body.reason, op_id=op_id))


@router.post("/v1/skus/{sku}/count")
async def correct(sku: str, body: Correction, op_id: IdempotencyKey = None, who: Principal = Depends(ops),
                  svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.correct_count(
        sku, body.stock, who.identity, expected_stock=body.expected_stock, reason=body.reason, op_id=op_id))


@router.put("/v1/skus/{sku}/policy")
async def policy(sku: str, body: Policy, op_id: IdempotencyKey = None, who: Principal = Depends(ops),
                 svc: Services = Depends(services)) -> JSONResponse:
    scope = body.scope or ("*" if body.policy == "flash_cap" else "")
    return ledger_response(await svc.ledger.set_policy(sku, body.policy, body.value, who.identity, scope=scope,
                                                       op_id=op_id))


@router.post("/v1/skus/{sku}/incoming")
async def incoming(sku: str, body: Incoming, op_id: IdempotencyKey = None, who: Principal = Depends(ops),
                   svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.add_incoming(sku, body.shipment_id, body.qty, body.eta_ms, who.identity,
                                                         op_id=op_id))


@router.post("/v1/skus/{sku}/incoming/{shipment_id}/receive")
async def receive(sku: str, shipment_id: str, op_id: IdempotencyKey = None, who: Principal = Depends(ops),
                  svc: Services = Depends(services)) -> JSONResponse:
    return ledger_response(await svc.ledger.receive_incoming(sku, shipment_id, who.identity, op_id=op_id))
