"""Admin: catalog loading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Body, Query

from assistant.api.deps import AdminKey, OpsOrAdminKey, ServicesDep
from assistant.api.health import catalog_status
from assistant.api.idempotency import IdempotencyKey
from assistant.api.schemas.common import AUTHED_ERRORS, errors
from assistant.api.schemas.stock import CatalogLoaded, CatalogStatus

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["admin"], responses=AUTHED_ERRORS)

CATALOG_EXAMPLE = {"products": [{"id": "HD-101", "name": {"zh": "联名款连帽卫衣", "en": "Collab hooded sweatshirt"},
                                 "variants": [{"sku": "HD-101-BLK-L", "colour": "black", "size": "L",
                                               "on_hand": 120, "safety_stock": 2}]}]}


@router.put("/v1/catalog", response_model=CatalogLoaded, responses=errors(400))
async def put_catalog(
    principal: AdminKey,
    svc: ServicesDep,
    catalog: Any = Body(..., description="catalog JSON, see docs/CATALOG_FORMAT.md", examples=[CATALOG_EXAMPLE]),
    reset_stock: bool = Query(False, description="reset live counts of SKUs already in the ledger"),
    allow_empty: bool = Query(False, description="accept an empty products list: clears the live catalog"),
    op_id: IdempotencyKey = None,
) -> dict[str, Any]:
    """Load a catalog. A SKU new to the ledger gets its `on_hand`; known SKUs keep their live counts unless
    `reset_stock=true`. Loading the same file twice changes nothing. An invalid file is refused whole with a 422
    naming the product, variant and field (`invalid_catalog`). Answers once the catalog is stored and its SKUs are
    in the ledger; `semantic_index` says whether semantic matching is ready or still catching up (follow it at
    GET /v1/catalog/status)."""
    return await svc.catalog.load(catalog, actor=principal.identity, reset_stock=reset_stock, op_id=op_id,
                                  allow_empty=allow_empty)


@router.get("/v1/catalog/status", response_model=CatalogStatus)
async def catalog_load_status(
    principal: OpsOrAdminKey,
    svc: ServicesDep,
) -> dict[str, object]:
    """The catalog version this worker serves, its product count and its semantic index's progress."""
    return catalog_status(svc)
