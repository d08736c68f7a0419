"""The ask streams / movement streams consumer: catch-up is explicit, entries count once across workers."""

from __future__ import annotations

import asyncio

from redis.exceptions import ResponseError

from assistant.demand.events import AskPublisher, ask_stream
from assistant.demand.keys import GROUP_NAME
from assistant.ledger.keys import MOVEMENTS
from tests.demand.demand_support import STREAM, ask, item, make_service, sale
from tests.support.waiting import eventually

ASKS = ask_stream(STREAM)


async def _publish(redis, events) -> None:
    await AskPublisher(redis).publish(events)


async def _read_and_die(redis, name: str, *streams: str) -> None:
    """A worker that made the room's group, read its entries and died before acknowledging them."""
    for stream in streams:
        try:
            await redis.xgroup_create(stream, GROUP_NAME, id="0")
        except ResponseError as error:
            assert "BUSYGROUP" in str(error)
    await redis.xreadgroup(GROUP_NAME, name, dict.fromkeys(streams, ">"), count=10)


async def test_catch_up_counts_each_entry_once_across_two_workers(redis, clock):
    first, second = make_service(redis, clock), make_service(redis, clock)
    second.follower.name = "other-worker"
    await first.catch_up()  # makes the consumer groups
    await _publish(redis, [ask(clock, f"u{i}", "HD-101", "black", "L") for i in range(30)])
    await redis.xadd(MOVEMENTS, sale(clock, "HD-101-BLK-L", 3))
    await redis.xadd(ASKS, {"stream_id": STREAM, "text": "no ts_ms: malformed"})
    reads = await asyncio.gather(first.catch_up(), second.catch_up())
    assert sum(reads) == 32
    assert await first.catch_up() == 0 and await second.catch_up() == 0
    row = item(await first.report(STREAM), "HD-101", "black", "L")
    assert (row["asks"], row["askers"], row["sales"]) == (30, 30, 3)
    pending = await redis.xpending(ASKS, GROUP_NAME)
    assert pending["pending"] == 0


async def test_the_background_loop_follows_new_entries_and_stops_cleanly(redis, clock):
    demand = make_service(redis, clock)
    task = asyncio.create_task(demand.follow())
    try:
        await _publish(redis, [ask(clock, "u1", "DR-201", "red", "M")])
        # Reading does not wait for the loop: it drains what is waiting under the same lock.
        assert item(await demand.report(STREAM), "DR-201", "red", "M")["asks"] == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()


async def test_catch_up_survives_the_streams_being_flushed(redis, clock):
    demand = make_service(redis, clock)
    await _publish(redis, [ask(clock, "u1", "DR-201", "red", "M")])
    assert await demand.catch_up() == 1
    await redis.flushall()
    await _publish(redis, [ask(clock, "u2", "DR-201", "red", "M")])
    assert await demand.catch_up() == 1
    assert item(await demand.report(STREAM), "DR-201", "red", "M")["askers"] == 1


async def test_entries_a_crashed_worker_left_unacknowledged_are_claimed(redis, clock):
    crashed = make_service(redis, clock)
    await crashed.catch_up()  # groups exist
    await _publish(redis, [ask(clock, f"u{i}", "DJ-701", "pink", "S") for i in range(3)])
    await _read_and_die(redis, "crashed-worker", ASKS)
    survivor = make_service(redis, clock, consumer_name="survivor", claim_idle_ms=0)
    await survivor.catch_up()
    assert item(await survivor.report(STREAM), "DJ-701", "pink", "S")["asks"] == 3
    assert (await redis.xpending(ASKS, GROUP_NAME))["pending"] == 0


async def test_a_worker_that_dies_after_the_survivor_started_has_its_entries_counted(redis, clock):
    """The replacement's start-up claim comes too early for these entries: the running loop claims them."""
    survivor = make_service(redis, clock, consumer_name="survivor", claim_idle_ms=200, claim_every_s=0.05)
    await survivor.catch_up()  # started, groups made, nothing abandoned yet
    await _publish(redis, [ask(clock, f"u{i}", "DJ-701", "pink", "S") for i in range(3)])
    await redis.xadd(MOVEMENTS, sale(clock, "DJ-701-PNK-S", 2))
    await _read_and_die(redis, "died-mid-apply", ASKS, MOVEMENTS)
    task = asyncio.create_task(survivor.follow())
    try:
        await eventually(lambda: _nothing_pending(redis), "the background loop claimed every abandoned entry")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    row = item(await survivor.report(STREAM), "DJ-701", "pink", "S")
    assert (row["asks"], row["sales"]) == (3, 2)


async def test_one_claim_takes_every_abandoned_entry_however_many_pages(redis, clock, monkeypatch):
    from assistant.demand import consumer

    monkeypatch.setattr(consumer, "BATCH", 2)  # XAUTOCLAIM pages of two: five entries take three pages
    first = make_service(redis, clock)
    await first.catch_up()
    await _publish(redis, [ask(clock, f"u{i}", "DJ-701", "pink", "S") for i in range(5)])
    await _read_and_die(redis, "crashed-worker", ASKS)
    survivor = make_service(redis, clock, consumer_name="survivor", claim_idle_ms=0)
    assert await survivor.follower.claim_abandoned() == 5
    assert item(await survivor.report(STREAM), "DJ-701", "pink", "S")["asks"] == 5
    assert (await redis.xpending(ASKS, GROUP_NAME))["pending"] == 0


async def _nothing_pending(redis) -> bool:
    """The background loop claims on its own schedule; true once nothing is pending."""
    pending = [(await redis.xpending(s, GROUP_NAME))["pending"] for s in (ASKS, MOVEMENTS)]
    return not any(pending)
