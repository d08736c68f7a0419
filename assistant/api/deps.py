"""What a route depends on, as Annotated aliases declared once: the caller's key by audience, the services,
and each domain part.

A key alias answers 401/403 (wrong_role) for a key of another audience. A domain part's alias answers 503
<part>_unavailable while start-up has not wired the part, so a route that takes one never sees None.
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
from assistant.security import ROLES, Principal, require
from assistant.waitlist.service import WaitlistService

Part = TypeVar("Part")

# The caller, by audience (its key's role).
IntegrationKey = Annotated[Principal, Depends(require("integration"))]  # the live platform's integration
HostKey = Annotated[Principal, Depends(require("host", "ops"))]  # the host screen; ops see what hosts see
OpsKey = Annotated[Principal, Depends(require("ops"))]
OpsOrAdminKey = Annotated[Principal, Depends(require("ops", "admin"))]
AdminKey = Annotated[Principal, Depends(require("admin"))]
SellerKey = Annotated[Principal, Depends(require("integration", "ops"))]  # places orders and holds
NonAdminKey = Annotated[Principal, Depends(require("host", "ops", "integration"))]
AnyKey = Annotated[Principal, Depends(require(*ROLES))]
TransferReader = Annotated[Principal, Depends(require("ops", "admin", "host"))]  # transfers a host may follow
PickListReader = Annotated[Principal, Depends(require("integration", "ops", "admin"))]  # the packers' lists


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
