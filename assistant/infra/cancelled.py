"""A background loop that was told to stop must stop, even when a library lost the cancellation.

Seen with redis-py 8 on Python 3.11: a task cancelled while its command's reply arrives can have the
CancelledError swallowed inside the client's read, so the await returns normally and the loop turns on for
ever (the service's shutdown, or a test's `task.cancel()`, then waits on it). The task still says it was asked
to stop (`Task.cancelling()`), so every loop checks that once per turn.
"""

from __future__ import annotations

import asyncio


def stop_if_cancelled() -> None:
    """Raises CancelledError when the running task was asked to stop and is still running."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
