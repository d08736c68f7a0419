"""Builds the demand part at start-up and stops it at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from assistant.container import Services
from assistant.demand.not_offered import NotOfferedGrouper
from assistant.demand.report import Thresholds
from assistant.demand.service import DemandService
from assistant.ledger.feed import MovementFeed

if TYPE_CHECKING:  # the terminal builds demand for one question without the web framework
    from fastapi import FastAPI


def build(svc: Services) -> DemandService:
    settings = svc.settings
    retention_s = settings.demand_retention_hours * 3600

    # The chroma client and embedder start_services built once; demand adds its own collection to them.
    grouper = NotOfferedGrouper(svc.redis, client_factory=lambda: svc.chroma, embedder=svc.embedder,
                                retention_s=retention_s,
                                min_similarity=settings.demand_group_min_similarity)
    thresholds = Thresholds(
        frequent_min_asks=settings.demand_frequent_min_asks,
        frequent_min_askers=settings.demand_frequent_min_askers,
        frequent_z=settings.demand_frequent_z,
        unmet_min_asks=settings.demand_unmet_min_asks,
        conversion_prior=settings.demand_conversion_prior,
    )

    async def annotate(stream_id: str, items: list[dict[str, Any]]) -> None:
        if svc.waitlist is not None:  # built after this part: looked up when a report is read
            await svc.waitlist.annotate_demand(stream_id, items)

    return DemandService(svc.redis, movement_streams=MovementFeed.of(svc.ledger).streams,
                         catalog=lambda: svc.catalog.catalog, clock=svc.clock,
                         retention_hours=settings.demand_retention_hours, thresholds=thresholds, grouper=grouper,
                         annotate=annotate)


async def start(app: FastAPI, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
    demand = build(svc)
    svc.demand = demand
    svc.loops.append(demand.follower.trouble)
    task = asyncio.create_task(demand.follow(), name="demand-consumer")

    async def stop() -> None:
        task.cancel()
        # Bounded: shutdown must not hang on a Redis that stopped answering mid-read.
        with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
            await asyncio.wait_for(task, timeout=2.0)

    svc.on_close(stop)
