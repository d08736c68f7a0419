"""Liveness and readiness: the one route without a key."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from assistant.api.deps import services
from assistant.api.schemas.stock import Health
from assistant.container import Services

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health,
            responses={503: {"model": Health, "description": "Redis cannot be reached: `status` is degraded"}})
async def healthz(svc: Services = Depends(services)) -> JSONResponse:
    """`{"status": "ok", "redis": "ok"}` when the service can reach its store; 503 and `degraded` otherwise.
    No key needed (for load balancers and compose healthchecks)."""
    try:
        await svc.redis.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ok", reported, not raised
        return JSONResponse({"status": "degraded", "redis": f"error: {type(exc).__name__}"}, status_code=503)
    # The service answers while the semantic index catches up; "catalog" says how far it is.
    return JSONResponse({"status": "ok", "redis": "ok", "catalog": catalog_status(svc)})


def catalog_status(svc: Services) -> dict[str, object]:
    return {"version": svc.catalog.version, "products": len(svc.catalog.catalog.products),
            "semantic_index": svc.catalog.index_status()}
