"""Packing pre-packed bundles from their components and unpacking unsold kits over HTTP, for ops (issue 17)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from assistant.api.deps import OpsOrAdminKey, ServicesDep
from assistant.api.idempotency import IdempotencyKey
from assistant.api.schemas.common import AUTHED_ERRORS, errors, ledger_answer
from assistant.catalog.ids import Id
from assistant.ledger.answers import KitAnswer
from assistant.ledger.kits import KIT_MAX

router = APIRouter(tags=["warehouses"], responses={**AUTHED_ERRORS, **errors(404, 409)})


class KitBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qty: StrictInt = Field(gt=0, le=KIT_MAX, description="kits to pack or unpack")
    warehouse: Id | None = Field(default=None, description="where; absent: the bundle's first warehouse")
    reason: str = Field(default="", max_length=200)


@router.post("/v1/skus/{sku}/pack", response_model=KitAnswer)
async def pack(sku: Id, body: KitBody, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
               op_id: IdempotencyKey = None) -> KitAnswer:
    """Pack `qty` kits of a pre-packed bundle: each component's count goes down by its qty per kit × `qty` (its
    sellable units only, never safety stock), the bundle's own count up by `qty`; all or nothing (409
    `insufficient_stock` naming the short component)."""
    return ledger_answer(await svc.ledger.kits.pack(sku, body.qty, who.identity, warehouse=body.warehouse,
                                                    reason=body.reason, op_id=op_id), response)


@router.post("/v1/skus/{sku}/unpack", response_model=KitAnswer)
async def unpack(sku: Id, body: KitBody, response: Response, who: OpsOrAdminKey, svc: ServicesDep,
                 op_id: IdempotencyKey = None) -> KitAnswer:
    """Unpack `qty` unsold kits of a pre-packed bundle back into its components' counts; all or nothing."""
    return ledger_answer(await svc.ledger.kits.unpack(sku, body.qty, who.identity, warehouse=body.warehouse,
                                                      reason=body.reason, op_id=op_id), response)
