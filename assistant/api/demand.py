"""Demand signals for hosts and ops: what viewers ask for, what is flagged, what the catalog lacks."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from assistant.api.deps import HostKey, ServicesDep, running
from assistant.api.schemas.common import AUTHED_ERRORS, errors
from assistant.api.schemas.demand import DemandReport, DemandSession
from assistant.catalog.ids import Id
from assistant.container import Services
from assistant.demand.reading import parse_window
from assistant.demand.service import DemandService

router = APIRouter(tags=["demand"], responses={**AUTHED_ERRORS, **errors(404)})
WindowQuery = Query(None, max_length=16, description="10m, 1h, 90s ... or session (the default)")
FlaggedQuery = Query(False, description="only items flagged as frequent or unmet")
LimitQuery = Query(None, ge=1, le=5000)

CSV_COLUMNS = ("row", "kind", "product_id", "name", "colour", "size", "sku", "asks", "askers", "unmet_asks",
               "waitlisted", "sold_out_asks", "low_asks", "sales", "asks_to_sales", "flags", "restock_estimate", "examples")


def _demand(svc: Services) -> DemandService:
    return running(svc.demand, "demand")  # 503 demand_unavailable, like every part that is not running


async def _report(svc: Services, stream_id: str, window: str | None, flagged: bool, product_id: str | None,
                  limit: int | None) -> dict[str, Any]:
    demand = _demand(svc)
    parsed = parse_window(window, max_seconds=demand.retention_s)
    return await demand.report(stream_id, window=parsed, flagged_only=flagged, product_id=product_id, limit=limit)


@router.get("/v1/streams/{stream_id}/demand", response_model=DemandReport)
async def get_demand(_: HostKey, svc: ServicesDep, stream_id: Id,
                     window: str | None = WindowQuery, flagged: bool = FlaggedQuery,
                     product_id: Id | None = None, limit: int | None = LimitQuery) -> dict[str, Any]:
    """What viewers ask for, most asked first: asks, askers, unmet asks (sold out / low), sales, flags
    (`frequent`, `unmet`) and what the catalog lacks (`not_offered`)."""
    return await _report(svc, stream_id, window, flagged, product_id, limit)


@router.get("/v1/streams/{stream_id}/demand.csv", response_class=Response, responses={
    200: {"description": "UTF-8 CSV with a byte-order mark (opens in Excel with Chinese intact)",
          "content": {"text/csv": {"schema": {"type": "string"}}}}})
async def get_demand_csv(_: HostKey, svc: ServicesDep, stream_id: Id,
                         window: str | None = WindowQuery, flagged: bool = FlaggedQuery,
                         product_id: Id | None = None, limit: int | None = LimitQuery) -> Response:
    """The demand report as a spreadsheet: one row per item, then one per not-offered group."""
    answer = await _report(svc, stream_id, window, flagged, product_id, limit)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for item in answer["items"]:
        writer.writerow({**item, "row": "item", "flags": ";".join(f["kind"] for f in item["flags"]),
                         "restock_estimate": max((f["restock_estimate"] for f in item["flags"]), default="")})
    for group in answer["not_offered"]:
        writer.writerow({"row": "not_offered", "kind": group["kind"], "name": group["label"],
                         "asks": group["asks"], "askers": group["askers"], "examples": " | ".join(group["examples"])})
    filename = f"demand-{stream_id}-{answer['window']}.csv"
    # The BOM lets spreadsheet programs read the Chinese names as UTF-8.
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/v1/streams/{stream_id}/demand/session", response_model=DemandSession)
async def get_demand_session(_: HostKey, svc: ServicesDep, stream_id: Id) -> dict[str, Any]:
    """The whole session's roll-up, kept for the retention period after the stream's last event."""
    return await _demand(svc).session(stream_id)
