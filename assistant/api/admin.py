"""Admin: catalog loading."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query

from assistant.api.deps import services
from assistant.api.health import catalog_status
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
) -> dict[str, Any]:
    """Answers once the catalog is stored and its SKUs are in the ledger; `semantic_index` says whether
    semantic matching is ready or still catching up (follow it at GET /v1/catalog/status)."""
    return await svc.catalog.load(catalog, actor=principal.identity, reset_stock=reset_stock, op_id=op_id)


@router.get("/v1/catalog/status")
async def catalog_load_status(
    principal: Principal = Depends(require("admin", "ops")),
    svc: Services = Depends(services),
) -> dict[str, object]:
    """The catalog version this worker serves, its product count and its semantic index's progress."""
    return catalog_status(svc)
