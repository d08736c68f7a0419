"""While Redis is down or full, the background loops say so once each (no traceback per loop per second), then
short lines with the count at growing intervals, and once each when they work again."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

from assistant.infra.loop_trouble import LoopTrouble
from tests.conftest import auth
from tests.faults.conftest import ExternalRedis, LogCapture, capturing, eventually, fill_up

EVERY_LOOP = ["alert engine", "webhook dispatcher", "waitlist notices", "demand consumer", "board tail",
              "card events", "catalog follower"]
WRITING_LOOPS = ["alert engine"]  # what a full Redis surely stops: it renews its lease (a write) each turn


class Captured(LogCapture):
    def about(self, loop: str) -> list[logging.LogRecord]:
        return [r for r in self.records if r.getMessage().startswith(f"{loop} ")]

    def lines(self, loop: str, words: str) -> list[str]:
        return [r.getMessage() for r in self.about(loop) if words in r.getMessage()]


@pytest.fixture
def logs() -> Iterator[Captured]:
    with capturing("assistant", logging.DEBUG, Captured) as handler:
        yield handler


@pytest.fixture
def fault_settings(fault_settings):
    return {**fault_settings, "redis_retry_budget_s": 0.5}  # give up quickly while Redis is down


def _troubles(client) -> dict[str, LoopTrouble]:
    svc = client._transport.app.state.services
    alerts = svc.alerts
    return {"alert engine": alerts.runner.trouble, "webhook dispatcher": alerts.dispatcher.trouble,
            "waitlist notices": svc.waitlist.watcher.trouble, "demand consumer": svc.demand.follower.trouble,
            "board tail": svc.board.trouble, "card events": alerts.hub.trouble,
            "catalog follower": svc.catalog.follow_trouble}


def _check_the_outage_was_said_once(logs: Captured, loops: list[str], troubles: dict[str, LoopTrouble]) -> None:
    for loop in loops:
        failures = troubles[loop].failures
        assert len(logs.lines(loop, "cannot work")) == 1, (loop, [r.getMessage() for r in logs.about(loop)])
        # At most: the start, then the 2nd, 4th, 8th ... failure (no minute passes here): far fewer than failures.
        assert len(logs.about(loop)) <= 1 + failures.bit_length(), (loop, failures, len(logs.about(loop)))
        still = logs.lines(loop, "still failing")
        assert still and "failures in" in still[-1] and "next try in" in still[-1], (loop, still)
        assert not [r for r in logs.about(loop) if r.exc_info], f"{loop}: a store outage is no bug, no traceback"


async def test_redis_down_is_logged_once_per_loop_and_its_return_once(loaded, external: ExternalRedis, logs) -> None:
    troubles = _troubles(loaded)
    external.kill()
    await eventually(lambda: all(troubles[loop].failures >= 4 for loop in EVERY_LOOP),
                     "every loop failed a few turns")
    _check_the_outage_was_said_once(logs, EVERY_LOOP, troubles)
    assert [r for r in logs.records if r.exc_info and r.levelno >= logging.ERROR] == [], "no traceback at all"
    health = await loaded.get("/healthz")
    assert health.status_code == 503
    background = health.json()["background"]
    assert set(EVERY_LOOP) <= set(background), background
    assert all(background[loop]["problem"] == "store_unavailable" and background[loop]["store_outage"]
               for loop in EVERY_LOOP)

    external.start_again()
    await eventually(lambda: all(troubles[loop].failures == 0 for loop in EVERY_LOOP), "every loop works again")
    health = await loaded.get("/healthz")
    assert health.status_code == 200 and "background" not in health.json(), health.text
    for loop in EVERY_LOOP:
        [back] = logs.lines(loop, "works again")
        assert "store_unavailable" in back and "failures in" in back, back
    answer = await loaded.post("/v1/skus/HD-101-BLK-L/restock", json={"qty": 1}, headers=auth("ops"))
    assert answer.status_code == 200


async def test_redis_full_is_logged_once_by_the_loops_that_write(loaded, redis: Redis, logs) -> None:
    troubles = _troubles(loaded)
    await fill_up(redis)
    try:
        await eventually(lambda: all(troubles[loop].failures >= 4 for loop in WRITING_LOOPS),
                         "the writing loops failed a few turns")
        _check_the_outage_was_said_once(logs, WRITING_LOOPS, troubles)
        assert all(troubles[loop].problem == "store_full" for loop in WRITING_LOOPS)
        for loop in EVERY_LOOP:  # the others go on, or fail now and then: never a line per turn
            assert len(logs.lines(loop, "cannot work")) <= 1, logs.lines(loop, "")
    finally:
        await redis.config_set("maxmemory", "0")
    await eventually(lambda: all(troubles[loop].failures == 0 for loop in WRITING_LOOPS), "they work again")
    for loop in WRITING_LOOPS:
        [back] = logs.lines(loop, "works again")
        assert "store_full" in back, back


def test_a_bug_is_logged_with_its_traceback_once_then_briefly() -> None:
    records: list[logging.LogRecord] = []
    logger = logging.getLogger("tests.loop_trouble")
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        trouble = LoopTrouble("some loop", logger)
        delays = [trouble.failed(KeyError("movement field")) for _ in range(9)]
        trouble.worked()
        trouble.worked()
    finally:
        logger.removeHandler(handler)
    assert delays == [1, 2, 4, 8, 10, 10, 10, 10, 10]
    messages = [r.getMessage() for r in records]
    assert [bool(r.exc_info) for r in records] == [True, False, False, False, False]
    assert "cannot work: KeyError" in messages[0]
    for message, count in zip(messages[1:4], (2, 4, 8), strict=True):
        assert message.startswith(f"some loop still failing: KeyError, {count} failures in"), message
    assert messages[-1].startswith("some loop works again after KeyError: 9 failures")
    assert trouble.outages == 1 and trouble.failures == 0


async def test_a_loop_failing_on_its_own_makes_healthz_degraded_naming_it(loaded) -> None:
    """Not Redis's trouble (Redis answers): a bug stuck in a loop is what an operator must be told."""
    trouble = _troubles(loaded)["alert engine"]
    for _ in range(3):
        trouble.failed(KeyError("a movement without its sku"))
    health = await loaded.get("/healthz")
    assert health.status_code == 503 and health.json()["redis"] == "ok"
    assert "alert engine is failing: KeyError (3 failures)" in health.json()["problems"]
    assert health.json()["background"]["alert engine"]["store_outage"] is False
    trouble.worked()
    assert (await loaded.get("/healthz")).status_code == 200
