"""Warehouses, stock per warehouse, transfers between them, bundles and pick lists over HTTP (issue 17)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, model_validator

from assistant.api.deps import AnyKey, OpsOrAdminKey, PickListReader, ServicesDep, TransferReader
from assistant.api.idempotency import IdempotencyKey
from assistant.api.schemas.common import AUTHED_ERRORS, errors, ledger_answer
from assistant.api.schemas.warehouses import PickLists, ProductWarehouses, Transfers, Warehouses
from assistant.catalog.ids import Id
from assistant.catalog.locations import LocationName
from assistant.errors import NotFound
from assistant.ledger import allocation
from assistant.ledger.answers import TransferAnswer, WarehouseStockAnswer
from assistant.ledger.feed import MovementFeed
from assistant.ledger.pick_lists import order_pick_lists
from assistant.ledger.stock_views import bundle_views, product_warehouses, warehouse_names
from assistant.ops.movements import scan
from assistant.ops.stock_figures import scope_products
from assistant.ops.warehouse_report import room_pick_lists

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["warehouses"], responses={**AUTHED_ERRORS, **errors(404, 409)})
HOUR_MS = 3_600_000


class WarehouseStock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["restock", "count", "safety"] = Field(
        description="restock: add qty; count: the shelf now holds qty; safety: hold qty back, never sold")
    qty: StrictInt = Field(ge=0, le=10_000_000)
    expected_stock: StrictInt | None = Field(default=None, ge=0, description="count only: apply only if still this")
    reason: str = Field(default="", max_length=200)


class TransferProposal(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: Id = Field(alias="from", description="warehouse the units leave")
    to: Id = Field(description="warehouse they arrive at")
    qty: StrictInt = Field(gt=0, le=1_000_000)
    eta_ms: StrictInt | None = Field(default=None, ge=946_684_800_000, lt=4_102_444_800_000,
                                     description="expected arrival, ms since the epoch (2000-2100)")
    eta_hours: StrictFloat | StrictInt | None = Field(default=None, gt=0, le=24 * 90, description="or: hours from now")
    transfer_id: Id | None = None
    note: str = Field(default="", max_length=200)
    expires_in_s: StrictInt | None = Field(default=None, ge=1, le=7 * 86_400,
                                           description="a confirm later than this is refused (transfer_expired); "
                                                       "absent: the proposal waits until confirmed or cancelled")

    @model_validator(mode="after")
    def _one_eta(self) -> TransferProposal:
        if (self.eta_ms is None) == (self.eta_hours is None):
            raise ValueError("give the arrival as eta_ms or eta_hours (one of them)")
        return self


class WarehouseBody(BaseModel):
    """A warehouse as ops set it up (the catalog's warehouses[] entry without its id, which is the path's)."""

    model_config = ConfigDict(extra="forbid")
    name: LocationName = Field(default_factory=LocationName)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    region: Id | None = None
    serves: list[str] = Field(default_factory=list, max_length=100)
    channels: list[str] = Field(default_factory=list, max_length=20)
    lead_hours: StrictFloat | StrictInt = Field(default=0, ge=0, le=24 * 90)
    priority: StrictInt = Field(default=100, ge=0, le=10_000)
    split: bool = True


class TransferCancel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=200)


@router.get("/v1/warehouses", response_model=Warehouses)
async def warehouses(
    _: AnyKey,
    svc: ServicesDep,
) -> dict[str, Any]:
    """The catalog's warehouses (none: one implicit warehouse) and the rule orders are allocated by."""
    return {"warehouses": [{**w.model_dump(include={"id", "region", "serves", "channels", "lead_hours", "priority",
                                                    "split"}), "name": w.display_name}
                           for w in svc.catalog.catalog.warehouses],
            "allocation_rule": " ".join((allocation.__doc__ or "").split())}


@router.put("/v1/warehouses/{warehouse_id}", response_model=Warehouses)
async def put_warehouse(
    warehouse_id: Id,
    body: WarehouseBody,
    who: OpsOrAdminKey,
    svc: ServicesDep,
) -> dict[str, Any]:
    """Add a warehouse, or change one, through ops: the catalog is stored again with it (live counts kept).
    SKUs get stock there by a restock at it or a transfer to it."""
    entry = {**body.model_dump(mode="json"), "id": warehouse_id}

    def with_warehouse(raw: dict[str, Any]) -> dict[str, Any]:
        return {**raw, "warehouses": [w for w in raw.get("warehouses", []) if w["id"] != warehouse_id] + [entry]}

    await svc.catalog.edit(with_warehouse, actor=who.identity)  # on the stored catalog: concurrent PUTs both land
    return await warehouses(who, svc)


@router.get("/v1/products/{product_id}/warehouses", response_model=ProductWarehouses)
async def product_stock_by_warehouse(
    product_id: Id,
    _: AnyKey,
    svc: ServicesDep,
    region: Id | None = None,
    channel: Id | None = None,
) -> dict[str, Any]:
    """Per variant, each warehouse's on hand, safety, sold, held, incoming and sellable (with `region` and/or
    `channel`: `region_sellable`, what an order from there may take); and the product's bundles with their
    components (what each allows, which one limits the bundle)."""
    product = svc.catalog.product(product_id)
    catalog = svc.catalog.catalog
    return {"product_id": product.id, "name": product.display_name_zh,
            "variants": await product_warehouses(svc.ledger, catalog, product, region or "", channel or ""),
            "bundles": await bundle_views(svc.ledger, catalog, product)}


@router.post("/v1/skus/{sku}/warehouses/{warehouse}/stock", response_model=WarehouseStockAnswer)
async def warehouse_stock(
    sku: Id,
    warehouse: Id,
    body: WarehouseStock,
    response: Response,
    who: OpsOrAdminKey,
    svc: ServicesDep,
    op_id: IdempotencyKey = None,
) -> WarehouseStockAnswer:
    """Restock, count (compare-and-set with `expected_stock`) or set the safety stock of one warehouse."""
    return ledger_answer(await svc.ledger.warehouses.adjust(
        sku, warehouse, body.action, body.qty, who.identity, expected=body.expected_stock, reason=body.reason,
        op_id=op_id), response)


@router.post("/v1/skus/{sku}/transfers", response_model=TransferAnswer, status_code=201)
async def propose_transfer(
    sku: Id,
    body: TransferProposal,
    response: Response,
    who: OpsOrAdminKey,
    svc: ServicesDep,
    op_id: IdempotencyKey = None,
) -> TransferAnswer:
    """Propose moving `qty` units from one warehouse to another; nothing moves until it is confirmed (before
    `expires_in_s`, when given)."""
    now = svc.clock()
    eta = body.eta_ms or int(now + (body.eta_hours or 0) * HOUR_MS)
    expires = int(now + body.expires_in_s * 1000) if body.expires_in_s else 0
    return ledger_answer(await svc.ledger.warehouses.propose_transfer(
        sku, body.source, body.to, body.qty, eta, who.identity, transfer_id=body.transfer_id, note=body.note,
        expires_ms=expires, op_id=op_id), response)


@router.post("/v1/skus/{sku}/transfers/{transfer_id}/confirm", response_model=TransferAnswer)
async def confirm_transfer(
    sku: Id,
    transfer_id: Id,
    response: Response,
    who: OpsOrAdminKey,
    svc: ServicesDep,
    op_id: IdempotencyKey = None,
) -> TransferAnswer:
    """The units leave the source now and are incoming at the destination until received."""
    return ledger_answer(await svc.ledger.warehouses.confirm_transfer(sku, transfer_id, who.identity, op_id=op_id),
                         response)


@router.post("/v1/skus/{sku}/transfers/{transfer_id}/receive", response_model=TransferAnswer)
async def receive_transfer(
    sku: Id,
    transfer_id: Id,
    response: Response,
    who: OpsOrAdminKey,
    svc: ServicesDep,
    op_id: IdempotencyKey = None,
) -> TransferAnswer:
    """The transfer arrived: its units become the destination's stock."""
    return ledger_answer(await svc.ledger.warehouses.receive_transfer(sku, transfer_id, who.identity, op_id=op_id),
                         response)


@router.post("/v1/skus/{sku}/transfers/{transfer_id}/cancel", response_model=TransferAnswer)
async def cancel_transfer(
    sku: Id,
    transfer_id: Id,
    response: Response,
    who: OpsOrAdminKey,
    svc: ServicesDep,
    body: TransferCancel | None = None,
    op_id: IdempotencyKey = None,
) -> TransferAnswer:
    """Drop a proposal, or bring units in transit back to the source; an arrived transfer is not cancelled."""
    reason = body.reason if body else ""
    return ledger_answer(await svc.ledger.warehouses.cancel_transfer(sku, transfer_id, who.identity, reason,
                                                                     op_id=op_id), response)


@router.get("/v1/transfers", response_model=Transfers)
async def list_transfers(
    _: TransferReader,
    svc: ServicesDep,
    status: Literal["proposed", "expired", "in_transit", "received", "cancelled"] | None = None,
    sku: Id | None = None,
) -> dict[str, Any]:
    """Transfers of one SKU or of the whole catalog, newest first, optionally of one status."""
    skus = [sku] if sku else svc.catalog.catalog.ledger_skus()
    found = await svc.ledger.warehouses.transfers(skus)
    return {"transfers": [t for t in found if status is None or t["status"] == status]}


@router.get("/v1/streams/{stream_id}/pick-lists", response_model=PickLists)
async def room_pick_lists_route(
    stream_id: Id,
    _: PickListReader,
    svc: ServicesDep,
) -> dict[str, Any]:
    """What each warehouse picks for a live room's orders so far (net of cancels), from their allocations."""
    skus = [v.sku for p, _ in await scope_products(svc, stream_id) for v in p.variants if not v.is_virtual_bundle]
    movements = await scan(MovementFeed.of(svc.ledger), skus=set(skus), cap=svc.settings.ops_movement_scan_cap)
    names = warehouse_names(svc.catalog.catalog)
    lists: list[dict[str, Any]] = []
    for warehouse, units in room_pick_lists(movements, stream_id).items():
        picked = {sku: qty for sku, qty in sorted(units.items()) if qty > 0}
        if picked:
            lists.append({"warehouse": warehouse, "name": names.get(warehouse, warehouse),
                          "lines": [{"sku": sku, "qty": qty} for sku, qty in picked.items()],
                          "units": sum(picked.values())})
    return {"pick_lists": lists}


@router.get("/v1/orders/{order_id}/pick-lists", response_model=PickLists)
async def pick_lists(
    order_id: Id,
    _: PickListReader,
    svc: ServicesDep,
) -> dict[str, Any]:
    """What each warehouse picks for one order, from the allocation recorded with it."""
    record = await svc.ledger.order(order_id)
    if record is None:
        raise NotFound(f"order {order_id} is not known", code="order_not_found", details={"order_id": order_id})
    return {"pick_lists": order_pick_lists(order_id, record, svc.catalog.catalog)}
