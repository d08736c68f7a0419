"""Builds the ops part at start-up and stops it at shutdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.container import Services
from assistant.ops.service import OpsService

if TYPE_CHECKING:  # the terminal (`stock-assistant ask`) builds this part without the web framework
    from fastapi import FastAPI


def build(svc: Services) -> OpsService:
    """The ops assistant on top of the running services; the terminal builds it the same way."""
    svc.ops = OpsService(svc)
    return svc.ops


async def start(app: FastAPI | None, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
    build(svc)
