"""Asks per live room: one stream each, kept by age, every room read (rooms that appear later too)."""

from __future__ import annotations

import asyncio

from assistant.demand import events, keys
from assistant.demand.events import ASK_ROOMS, LEGACY_ASKS_STREAM, AskPublisher, ask_stream
from assistant.ledger.keys import MOVEMENTS
from tests.demand.demand_support import ask, item, make_service, sale
from tests.support.waiting import eventually

BUSY, QUIET = "busy-room", "quiet-room"


async def test_a_quiet_rooms_asks_survive_a_busy_rooms_flood(redis, clock, monkeypatch):
    """One stream for every room, capped by length, lost the quiet room's asks to the busy room's volume."""
    monkeypatch.setattr(events, "ASKS_MAXLEN", 100)  # a small flood ceiling: the busy room goes far past it
    demand = make_service(redis, clock)
    await demand.catch_up()  # the consumer runs, then lags while both rooms ask
    publisher = AskPublisher(redis)
    await publisher.publish([ask(clock, f"q{i}", "DR-201", "red", "M", stream_id=QUIET) for i in range(3)])
    for burst in range(20):
        await publisher.publish([ask(clock, f"b{burst}-{i}", "HD-101", "black", "L", stream_id=BUSY)
                                 for i in range(250)])

    assert await redis.xlen(ask_stream(BUSY)) < 5000  # the busy room's own flood is capped, in its own stream
    quiet = await demand.report(QUIET)
    assert [(r["product_id"], r["colour"], r["size"], r["asks"], r["askers"]) for r in quiet["items"]] == [
        ("DR-201", "red", "M", 3, 3)]


async def test_each_rooms_figures_are_its_own(redis, clock):
    demand = make_service(redis, clock)
    publisher = AskPublisher(redis)
    await publisher.publish([ask(clock, f"b{i}", "HD-101", "black", "L", stream_id=BUSY) for i in range(7)]
                            + [ask(clock, "q1", "HD-101", "black", "L", stream_id=QUIET)])
    await publisher.publish([ask(clock, "q2", "DR-201", "red", "M", stream_id=QUIET)])
    await redis.xadd(MOVEMENTS, sale(clock, "HD-101-BLK-L", 2, stream_id=BUSY))
    await redis.xadd(MOVEMENTS, sale(clock, "HD-101-BLK-L", 1, stream_id=QUIET))

    busy, quiet = await demand.report(BUSY), await demand.report(QUIET)
    assert [(r["colour"], r["asks"], r["askers"], r["sales"]) for r in busy["items"]] == [("black", 7, 7, 2)]
    black, red = item(quiet, "HD-101", "black", "L"), item(quiet, "DR-201", "red", "M")
    assert (black["asks"], black["sales"], red["asks"]) == (1, 1, 1)


async def test_a_room_that_first_asks_after_the_consumer_started_is_read(redis, clock):
    demand = make_service(redis, clock)
    await AskPublisher(redis).publish([ask(clock, "u1", "HD-101", "black", "L", stream_id=BUSY)])
    task = asyncio.create_task(demand.follow())
    try:
        await eventually(lambda: _comments_seen(redis, BUSY, 1), "the loop counted the first room")
        # Another worker's publisher, as the comment path of any worker would be.
        await AskPublisher(redis).publish([ask(clock, f"n{i}", "DR-201", "red", "M", stream_id="late-room")
                                           for i in range(4)])
        await eventually(lambda: _comments_seen(redis, "late-room", 4), "the loop counted the late room, unasked")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert item(await demand.report("late-room"), "DR-201", "red", "M")["askers"] == 4


async def test_a_rooms_asks_are_kept_by_age(redis, clock):
    """Entries older than the retention (Redis time) go as the room asks again; the stream expires after it."""
    retention_s = 3600
    stream = ask_stream(QUIET)
    for n in range(300):  # asks from long ago (ids are Redis-time milliseconds)
        await redis.xadd(stream, {"stream_id": QUIET, "text": "old"}, id=f"{1000 + n}-0")
    await AskPublisher(redis, retention_s=retention_s).publish([ask(clock, "u1", stream_id=QUIET)])

    assert await redis.xlen(stream) <= 101  # whole old nodes (100 entries each) trimmed, the new ask kept
    assert 0 < await redis.pttl(stream) <= retention_s * 1000
    newest = await redis.xrevrange(stream, count=1)
    assert newest[0][1][b"user_id"] == b"u1"


async def test_asks_written_before_rooms_had_streams_are_still_counted(redis, clock):
    """The upgrade: the shared sa:asks stream is read on (its entries carry their room) until it is stale."""
    old = ask(clock, "u1", "HD-101", "black", "L", stream_id=QUIET)
    await redis.xadd(LEGACY_ASKS_STREAM, old.fields())
    demand = make_service(redis, clock)
    assert item(await demand.report(QUIET), "HD-101", "black", "L")["asks"] == 1
    assert await redis.exists(LEGACY_ASKS_STREAM)


async def test_a_stale_shared_ask_stream_is_deleted(redis, clock):
    await redis.xadd(LEGACY_ASKS_STREAM, ask(clock, "u1", stream_id=QUIET).fields(), id="1000-0")
    demand = make_service(redis, clock)
    await demand.catch_up()
    assert not await redis.exists(LEGACY_ASKS_STREAM)


async def test_rooms_quiet_past_the_retention_are_no_longer_read(redis, clock, monkeypatch):
    from assistant.demand import ask_rooms

    monkeypatch.setattr(ask_rooms, "PRUNE_EVERY_S", 0)  # the list is pruned on every read, not once a minute
    demand = make_service(redis, clock)
    await AskPublisher(redis).publish([ask(clock, "u1", stream_id=QUIET)])
    await demand.catch_up()
    clock.advance(demand.retention_s + 60)
    await AskPublisher(redis).publish([ask(clock, "u2", stream_id=BUSY)])
    assert await demand.follower.rooms.streams() == [ask_stream(BUSY)]
    assert [r.decode() for r in await redis.zrange(ASK_ROOMS, 0, -1)] == [BUSY]


async def _comments_seen(redis, room: str, count: int) -> bool:
    seen = await redis.hget(keys.session(room), "events")
    return seen is not None and int(seen) >= count


async def test_health_names_the_room_whose_asks_demand_is_far_behind_on(redis, clock):
    from assistant.demand.ask_rooms import every_ask_stream
    from assistant.infra import health

    demand = make_service(redis, clock)
    publisher = AskPublisher(redis)
    await publisher.publish([ask(clock, "q1", stream_id=QUIET), ask(clock, "b0", stream_id=BUSY)])
    await demand.catch_up()  # both rooms read once: their groups exist
    await publisher.publish([ask(clock, f"b{i}", stream_id=BUSY) for i in range(health.LAG_LIMIT + 50)])

    async def checked() -> health.Health:
        groups = dict.fromkeys(await every_ask_stream(redis), keys.GROUP_NAME)
        return await health.check(redis, consumer_groups=groups, lost={}, timeout_s=30)

    behind = await checked()
    assert not behind.ok and behind.problems == [
        f"consumer group demand on {ask_stream(BUSY)} is more than {health.LAG_LIMIT} entries behind"]
    assert behind.report["consumers"][ask_stream(QUIET)] == {"undelivered": 0, "pending": 0}
    await demand.catch_up()
    assert (await checked()).ok
