"""Request-scoped access to the services built at start-up, as Annotated aliases routes declare once.

A domain part's alias answers 503 part_unavailable while start-up has not wired the part, so a route that
takes one never sees None.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Request

from assistant.alerts.wiring import AlertsPart
from assistant.board.tape import MovementTape
from assistant.comments.pipeline import CommentPipeline
from assistant.container import Services
from assistant.errors import PartNotRunning
from assistant.ops.service import OpsService
from assistant.waitlist.service import WaitlistService

Part = TypeVar("Part")


async def services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(services)]


def running(part: Part | None, name: str) -> Part:
    if part is None:
        raise PartNotRunning(f"the {name} part is not running on this server", code=f"{name}_unavailable")
    return part


async def alerts_part(svc: ServicesDep) -> AlertsPart:
    return running(svc.alerts, "alerts")


async def ops_part(svc: ServicesDep) -> OpsService:
    return running(svc.ops, "ops")


async def comments_part(svc: ServicesDep) -> CommentPipeline:
    return running(svc.comments, "comments")


async def waitlist_part(svc: ServicesDep) -> WaitlistService:
    return running(svc.waitlist, "waitlist")


async def board_tape(svc: ServicesDep) -> MovementTape:
    return running(svc.board, "board")


AlertsDep = Annotated[AlertsPart, Depends(alerts_part)]
OpsDep = Annotated[OpsService, Depends(ops_part)]
CommentsDep = Annotated[CommentPipeline, Depends(comments_part)]
WaitlistDep = Annotated[WaitlistService, Depends(waitlist_part)]
BoardDep = Annotated[MovementTape, Depends(board_tape)]
