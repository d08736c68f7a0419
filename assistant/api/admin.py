"""Admin: catalog loading."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query

from assistant.api.deps import services
from assistant.api.idempotency import IdempotencyKey
from assistant.container import Services
from assistant.security import Principal, require

router = APIRouter(tags=["admin"])


@router.put("/v1/catalog")
async def put_catalog(
    catalog: Any = Body(..., description="catalog JSON, see docs/CATALOG_FORMAT.md"),
    reset_stock: bool = Query(False, description="reset live counts of SKUs already in the ledger"),
    op_id: IdempotencyKey = None,
    principal: Principal = Depends(require("admin")),
    svc: Services = Depends(services),
) -> dict[str, int]:
    return await svc.catalog.load(catalog, actor=principal.identity, reset_stock=reset_stock, op_id=op_id)
