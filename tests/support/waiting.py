"""Waiting on conditions, not on the clock: a loaded machine only makes the wait longer, never the test red.

The give-up time is a hang guard, far above any normal wait; nothing asserts how long the wait took.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

GIVE_UP_S = 120.0


async def eventually(condition: Callable[[], Awaitable[bool] | bool], what: str, *, give_up_s: float = GIVE_UP_S,
                     every_s: float = 0.05) -> None:
    """Returns once ``condition()`` is true; fails naming ``what`` if it never becomes true."""
    deadline = time.monotonic() + give_up_s
    while True:
        answer = condition()
        if await answer if isinstance(answer, Awaitable) else answer:
            return
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        await asyncio.sleep(every_s)


def eventually_sync(condition: Callable[[], bool], what: str, *, give_up_s: float = GIVE_UP_S,
                    every_s: float = 0.2) -> None:
    deadline = time.monotonic() + give_up_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(every_s)
