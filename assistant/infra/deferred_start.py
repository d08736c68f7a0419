"""Start-up steps that need Redis, for a service that starts while Redis is down or full (a deploy during an
incident, Redis restarting in a crash loop): the service starts anyway and answers (/healthz degraded, reads
where Redis serves them, writes 503 with a code), and the step is retried in the background, with back-off and
the loop logging of LoopTrouble, until it works; then the part it starts (a background loop) runs as usual.

A step must be safe to run again from its start: a failure may come after some of its commands went through.
Any failure that is no store outage is a bug and fails start-up as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.store_errors import store_outage

log = logging.getLogger("assistant.startup")
Closer = Callable[[Callable[[], Awaitable[None]]], None]


async def start_or_defer(name: str, step: Callable[[], Awaitable[None]], on_close: Closer,
                         loops: list[LoopTrouble]) -> bool:
    """Runs `step` now; True when it worked. On a store outage the service starts without it (False) and a
    background task runs it again until it works; `on_close` registers that task's cancellation, and its
    trouble joins `loops` (what /healthz reports)."""
    try:
        await step()
        return True
    except Exception as error:  # noqa: BLE001 - only a store outage is waited out; anything else is raised
        if store_outage(error) is None:
            raise
        trouble = LoopTrouble(f"{name} (start-up)", log)
        delay = trouble.failed(error)
        loops.append(trouble)

    async def again() -> None:
        nonlocal delay
        while True:
            stop_if_cancelled()
            await asyncio.sleep(delay)
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - a bug is logged with its traceback by LoopTrouble
                delay = trouble.failed(error)
            else:
                trouble.worked()
                return

    task = asyncio.create_task(again(), name=f"start-{name}")

    async def cancel() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait({task}, timeout=2.0)

    on_close(cancel)
    return False
