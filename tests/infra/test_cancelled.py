"""A background loop told to stop stops, even when an await inside it lost the cancellation."""

from __future__ import annotations

import asyncio

from assistant.infra.cancelled import stop_if_cancelled


async def _swallowing_await() -> None:
    """What redis-py's read did on Python 3.11 now and then: the reply and the cancel met, the reply won."""
    try:
        await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        return


async def test_a_loop_whose_cancellation_was_swallowed_stops_on_its_next_turn():
    turns = 0
    started = asyncio.Event()

    async def loop() -> None:
        nonlocal turns
        while True:
            stop_if_cancelled()
            turns += 1
            started.set()
            await _swallowing_await()

    task = asyncio.create_task(loop())
    await started.wait()
    task.cancel()
    # A generous budget so a loop that turns on for ever fails the test instead of hanging it.
    done, _ = await asyncio.wait({task}, timeout=30)
    if not done:
        task.get_coro().close()  # type: ignore[union-attr]
    assert task in done and task.cancelled()

