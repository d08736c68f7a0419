"""Outbound webhooks: targets per stream and level, and what was delivered (ops and admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from assistant.alerts.outbox.targets import WebhookTargetSpec
from assistant.api.deps import AlertsDep, OpsOrAdminKey, ServicesDep
from assistant.api.schemas.common import AUTHED_ERRORS, errors
from assistant.api.schemas.webhooks import Deliveries, WebhookDeleted, WebhookTargetAnswer, WebhookTargets
from assistant.catalog.ids import Id
from assistant.errors import NotFound
from assistant.security import require

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["webhooks"], responses=AUTHED_ERRORS)
ops = require("ops", "admin")
TargetId = Annotated[Id, Path(description="your name for the target, e.g. feishu-ops")]
Status = Literal["pending", "retrying", "delivered", "failed", "cancelled"]


@router.get("/v1/webhooks", response_model=WebhookTargets)
async def list_targets(alerts: AlertsDep, _: OpsOrAdminKey) -> dict[str, Any]:
    """Every target (secrets never shown) with its latest delivery outcome."""
    targets = await alerts.targets.all(fresh=True)
    recent = await alerts.outbox.deliveries(limit=1000)
    shown = []
    for target in targets:
        mine = [d for d in recent if d["target_id"] == target.id]
        counts: dict[str, int] = {}
        for delivery in mine:
            counts[delivery["status"]] = counts.get(delivery["status"], 0) + 1
        shown.append({**target.public(), "recent": counts, "last": mine[0] if mine else None})
    return {"targets": shown}


@router.put("/v1/webhooks/{target_id}", response_model=WebhookTargetAnswer)
async def put_target(spec: WebhookTargetSpec, alerts: AlertsDep, svc: ServicesDep, _: OpsOrAdminKey,
                     target_id: TargetId) -> dict[str, Any]:
    """Create or replace a target: where cards (and other parts' notices) of the chosen streams and levels are
    POSTed, in the generic signed JSON or an IM robot's format."""
    target = await alerts.targets.put(target_id, spec, int(svc.clock()))
    return {"target": target.public()}


@router.delete("/v1/webhooks/{target_id}", response_model=WebhookDeleted, responses=errors(404))
async def delete_target(alerts: AlertsDep, _: OpsOrAdminKey, target_id: TargetId) -> dict[str, Any]:
    """Remove a target; nothing more is sent to it."""
    if not await alerts.targets.delete(target_id):
        raise NotFound(f"no webhook target {target_id}", code="webhook_not_found")
    return {"deleted": target_id}


@router.get("/v1/webhooks/deliveries", response_model=Deliveries)
async def deliveries(alerts: AlertsDep, _: OpsOrAdminKey, status: Status | None = Query(None),
                     stream_id: Id | None = None,
                     target_id: Id | None = None,
                     limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    """Newest first: each delivery's status, attempts, next try and last error."""
    found = await alerts.outbox.deliveries(status=status, stream_id=stream_id, target_id=target_id, limit=limit)
    return {"deliveries": found}
