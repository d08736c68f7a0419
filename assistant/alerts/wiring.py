"""Builds the alerts part at start-up and stops it at shutdown."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.container import Services


async def start(app: FastAPI, svc: Services) -> None:
    """Called once the ledger, catalog and streams exist; register closers with svc.on_close."""
