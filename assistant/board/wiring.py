"""Starts the board's movement tail at start-up and stops it at shutdown."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.board.tape import MovementTape
from assistant.container import Services
from assistant.infra.deferred_start import start_or_defer
from assistant.ledger.feed import MovementFeed


async def start(app: FastAPI | None, svc: Services) -> None:
    tape = MovementTape(MovementFeed.of(svc.ledger), svc.clock, svc.settings.ops_movement_scan_cap)
    svc.board = tape
    svc.on_close(tape.close)
    svc.loops.append(tape.trouble)
    await start_or_defer("board tail", tape.start, svc.on_close, svc.loops)  # Redis down at start: once it is back
