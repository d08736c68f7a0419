"""The ledger's background sweeper: finishes orders spanning buckets that a crashed or stalled worker left half
done, and compacts the records of accepted orders past their cancel window (Ledger.compact).

Every worker runs it (no leader): a sweep is idempotent. Each step it takes (abort and release, or confirm and
done) is a script that answers a re-sent call from its record, and the decision moves only forwards, so two
workers sweeping the same order, or a sweeper racing the buyer's retry, finish it once. It only looks at orders
past their decision deadline (half the cross-bucket hold TTL), so it never races a live worker still placing.
Compaction is idempotent too (a record compacted once is left alone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from assistant.container import Services
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.ledger.service import Ledger

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("assistant.ledger.sweeper")


class Sweeper:
    def __init__(self, ledger: Ledger, interval_s: float):
        self.ledger = ledger
        self.interval_s = interval_s
        self.trouble = LoopTrouble("ledger sweeper", log)
        self.finished = 0  # half-done orders this worker looked at and finished (a figure for tests and logs)
        self.compacted = 0  # order records this worker compacted

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            stop_if_cancelled()
            try:
                found = await self.ledger.sweep()
                compacted = await self.ledger.compact()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - keep sweeping; Redis may be restarting or full
                delay = self.trouble.failed(error)
            else:
                self.trouble.worked()
                if found:
                    self.finished += found
                    log.info("ledger sweeper finished %d half-done orders spanning buckets", found)
                # a backlog (a turn takes 100 orders, 200 records per bucket): go on almost at once
                self.compacted += compacted
                backlog = found >= 100 or compacted >= 200
                delay = min(self.interval_s, 0.1) if backlog else self.interval_s
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)


async def start(app: FastAPI, svc: Services) -> None:
    """Called once the ledger exists (main.py's lifespan); stopped with the services."""
    sweeper = Sweeper(svc.ledger, svc.settings.ledger_sweep_interval_s)
    svc.loops.append(sweeper.trouble)
    svc.run_until_closed("ledger-sweeper", sweeper.run)
