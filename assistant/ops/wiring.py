"""Builds the ops part at start-up and stops it at shutdown."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.container import Services
from assistant.ops.service import OpsService


def build(svc: Services) -> OpsService:
    """The ops assistant on top of the running services; the terminal builds it the same way."""
    svc.ops = OpsService(svc)
    return svc.ops


async def start(app: FastAPI | None, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
    build(svc)
