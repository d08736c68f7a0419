"""Stock reads for every role: product availability and the full counters of one SKU."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from assistant.api.deps import services
from assistant.container import Services
from assistant.ledger.availability import product_availability
from assistant.security import ROLES, Principal, require

router = APIRouter(tags=["stock"])
any_role = require(*ROLES)


@router.get("/v1/products/{product_id}/availability")
async def availability(
    product_id: str, _: Principal = Depends(any_role), svc: Services = Depends(services)
) -> dict[str, Any]:
    product = svc.catalog.product(product_id)
    variants = await product_availability(svc.ledger, product, svc.low_stock)
    return {
        "product_id": product.id,
        "name": product.display_name_zh,
        "names": product.name.model_dump(),
        "variants": [v.public() for v in variants],
    }


@router.get("/v1/skus/{sku}")
async def sku_detail(sku: str, _: Principal = Depends(any_role), svc: Services = Depends(services)) -> dict[str, Any]:
    detail = await svc.ledger.detail(sku)
    stock = detail.stock
    return {
        "sku": sku,
        "product_id": stock.product_id,
        "sellable": stock.sellable,
        "status": svc.low_stock.status(stock),
        "stock": stock.stock,
        "counters": detail.counters,
        "active_holds": detail.holds,
        "buyers": detail.buyers,
        "flash_caps": detail.flash_caps,
        "cap_sold": detail.cap_sold,
        "allocations": detail.allocations,
        "channel_sold": detail.channel_sold,
        "incoming": detail.incoming,
    }


@router.get("/v1/skus/{sku}/movements")
async def sku_movements(
    sku: str,
    limit: int = Query(100, ge=1, le=1000),
    _: Principal = Depends(require("ops", "admin")),
    svc: Services = Depends(services),
) -> dict[str, Any]:
    await svc.ledger.detail(sku)  # 404 for an unknown SKU
    return {"sku": sku, "movements": await svc.ledger.sku_history(sku, limit=limit)}
