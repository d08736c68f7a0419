"""Stock reads for every role: product availability and the full counters of one SKU."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query

from assistant.api.deps import AnyKey, OpsOrAdminKey, ServicesDep
from assistant.api.schemas.common import AUTHED_ERRORS, errors
from assistant.api.schemas.stock import Availability, Movements, SkuDetail
from assistant.catalog.ids import Id
from assistant.ledger.availability import product_availability

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["stock"], responses={**AUTHED_ERRORS, **errors(404)})


@router.get("/v1/products/{product_id}/availability", response_model=Availability)
async def availability(
    product_id: Id,
    _: AnyKey,
    svc: ServicesDep,
    region: Annotated[Id | None, Query(description="a buyer's region: only the warehouses serving it count")] = None,
    channel: Annotated[Id | None, Query(description="a sales channel (douyin, taobao…): only the warehouses it "
                                                    "may draw from count, less other channels' allocations")] = None,
) -> dict[str, Any]:
    """Per variant: the units that can be sold now and `in_stock` / `low` / `sold_out` (with `region` or
    `channel`: what an order from there could take, the same checks the order makes)."""
    product = svc.catalog.product(product_id)
    variants = await product_availability(svc.ledger, product, svc.low_stock, region=region or "",
                                          channel=channel or "")
    return ({
        "product_id": product.id,
        "name": product.display_name_zh,
        "names": product.name.model_dump(),
        **({"region": region} if region else {}),
        **({"channel": channel} if channel else {}),
        "variants": [v.public() for v in variants],
    })


@router.get("/v1/skus/{sku}", response_model=SkuDetail)
async def sku_detail(sku: Id, _: AnyKey, svc: ServicesDep) -> dict[str, Any]:
    """Every counter of one SKU: on hand, safety, sold, held, holds, buyer limits, flash caps, allocations,
    incoming shipments."""
    detail = await svc.ledger.detail(sku)
    stock = detail.stock
    return ({
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
    })


@router.get("/v1/skus/{sku}/movements", response_model=Movements)
async def sku_movements(
    sku: Id,
    _: OpsOrAdminKey,
    svc: ServicesDep,
    limit: int = Query(100, ge=1, le=1000),
    before: str | None = Query(None, pattern=r"^\d{1,20}-\d{1,20}$",
                               description="a movement id: the page of older movements (the last page's last id)"),
) -> dict[str, Any]:
    """The SKU's movements (sales, cancels, holds, restocks, corrections ...), newest first, from its own history
    (kept STOCK_ASSISTANT_SKU_HISTORY_HOURS)."""
    await svc.ledger.detail(sku)  # 404 for an unknown SKU
    return ({"sku": sku, "movements": await svc.ledger.sku_history(sku, limit=limit, before=before or "")})
