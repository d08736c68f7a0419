"""A part that cannot stop does not keep the service from shutting down: it is cancelled after its budget."""

from __future__ import annotations

import asyncio
import logging

import pytest

import assistant.container as container
from assistant.container import start_services


async def test_a_stuck_part_is_cancelled_and_named_at_shutdown(settings, redis, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(container, "CLOSE_BUDGET_S", 0.2)
    svc = await start_services(settings, semantic_index=False)
    later_closed: list[str] = []
    cancelled = asyncio.Event()

    async def stuck_forever() -> None:
        try:
            await asyncio.Event().wait()  # a loop waiting on something that never comes
        finally:
            cancelled.set()

    async def closes_fine() -> None:
        later_closed.append("yes")

    svc.on_close(closes_fine)  # closed after the stuck one (closers run newest first)
    svc.on_close(stuck_forever)
    with caplog.at_level(logging.WARNING, logger="assistant.container"):
        await svc.aclose()
    assert cancelled.is_set(), "the stuck part was not cancelled"
    assert later_closed == ["yes"], "the parts after the stuck one were not closed"
    assert any("stuck_forever" in r.getMessage() for r in caplog.records), caplog.text
