"""Outbound webhooks: targets per stream and level, and what was delivered (ops and admin)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from assistant.alerts.outbox.targets import WebhookTargetSpec
from assistant.api.deps import services
from assistant.catalog.models import ID_PATTERN
from assistant.container import Services
from assistant.errors import NotFound
from assistant.security import Principal, require

router = APIRouter(tags=["webhooks"])
ops = require("ops", "admin")
TargetId = Path(pattern=ID_PATTERN, description="your name for the target, e.g. feishu-ops")
Status = Literal["pending", "retrying", "delivered", "failed", "cancelled"]


@router.get("/v1/webhooks")
async def list_targets(_: Principal = Depends(ops), svc: Services = Depends(services)) -> dict[str, Any]:
    """Every target (secrets never shown) with its latest delivery outcome."""
    targets = await svc.alerts.targets.all(fresh=True)
    recent = await svc.alerts.outbox.deliveries(limit=1000)
    shown = []
    for target in targets:
        mine = [d for d in recent if d["target_id"] == target.id]
        counts: dict[str, int] = {}
        for delivery in mine:
            counts[delivery["status"]] = counts.get(delivery["status"], 0) + 1
        shown.append({**target.public(), "recent": counts, "last": mine[0] if mine else None})
    return {"targets": shown}


@router.put("/v1/webhooks/{target_id}")
async def put_target(spec: WebhookTargetSpec, target_id: str = TargetId, _: Principal = Depends(ops),
                     svc: Services = Depends(services)) -> dict[str, Any]:
    target = await svc.alerts.targets.put(target_id, spec, int(svc.clock()))
    return {"target": target.public()}


@router.delete("/v1/webhooks/{target_id}")
async def delete_target(target_id: str = TargetId, _: Principal = Depends(ops),
                        svc: Services = Depends(services)) -> dict[str, Any]:
    if not await svc.alerts.targets.delete(target_id):
        raise NotFound(f"no webhook target {target_id}", code="webhook_not_found")
    return {"deleted": target_id}


@router.get("/v1/webhooks/deliveries")
async def deliveries(status: Status | None = Query(None), stream_id: str | None = Query(None, pattern=ID_PATTERN),
                     target_id: str | None = Query(None, pattern=ID_PATTERN), limit: int = Query(100, ge=1, le=1000),
                     _: Principal = Depends(ops), svc: Services = Depends(services)) -> dict[str, Any]:
    """Newest first: each delivery's status, attempts, next try and last error."""
    found = await svc.alerts.outbox.deliveries(status=status, stream_id=stream_id, target_id=target_id, limit=limit)
    return {"deliveries": found}
