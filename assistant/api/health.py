"""Liveness and readiness: the one route without a key."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError

from assistant.api.deps import ServicesDep
from assistant.api.schemas.stock import Health
from assistant.container import Services
from assistant.demand.ask_rooms import every_ask_stream
from assistant.demand.keys import GROUP_NAME
from assistant.infra import health
from assistant.ledger.feed import MovementFeed

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health,
            responses={503: {"model": Health, "description": "Redis unreachable, short of memory, the demand consumer lagging or a background loop failing on its own: `status` is degraded, `problems` says why"}})
async def healthz(svc: ServicesDep) -> JSONResponse:
    """200 {"status": "ok", "redis": "ok", ...} when Redis answers, has memory headroom, the demand consumer
    keeps up and no background loop fails on its own; otherwise 503 {"status": "degraded", "problems": [...], ...}
    for a load balancer to act on. `background` names the loops and start-up steps failing now."""
    timeout_s = min(2.0, svc.settings.redis_socket_timeout_s)
    try:
        async with asyncio.timeout(timeout_s):
            asks = await every_ask_stream(svc.redis)
    except (RedisError, TimeoutError, OSError):  # Redis down or stalled: health.check says so
        asks = []
    checked = await health.check(
        svc.redis,
        # Demand's group on every room's ask stream and on every bucket's movement stream.
        consumer_groups={**dict.fromkeys(asks, GROUP_NAME), **dict.fromkeys(MovementFeed.of(svc.ledger).streams,
                                                                             GROUP_NAME)},
        lost=dict(svc.lost.counts),
        timeout_s=timeout_s,
    )
    failing = {trouble.loop: trouble.report() for trouble in svc.loops if trouble.failures}
    for loop, state in failing.items():
        if not state["store_outage"]:  # Redis's trouble is named above; a loop failing on its own is a bug
            checked.fail(f"{loop} is failing: {state['problem']} ({state['failures']} failures)")
    body = {"status": "ok" if checked.ok else "degraded", **checked.report, "catalog": catalog_status(svc)}
    if failing:
        body["background"] = failing
    if svc.embedded_redis is not None:
        body["embedded_redis"] = svc.embedded_redis.status()
    if not checked.ok:
        body["problems"] = checked.problems
    return JSONResponse(body, status_code=200 if checked.ok else 503)


def catalog_status(svc: Services) -> dict[str, object]:
    """The service answers while the semantic index catches up; "catalog" says how far it is."""
    return {"version": svc.catalog.version, "products": len(svc.catalog.catalog.products),
            "semantic_index": svc.catalog.index_status()}
