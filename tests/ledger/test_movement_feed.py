"""The movement feed follows every bucket's stream: a sale in any bucket reaches a consumer once, a blocking
read wakes for it, and a saved position (one value) resumes each stream where it was.

Runs on one Redis with 4 buckets; tests/ledger/test_movement_feed_on_cluster.py runs the same checks on the
3-master cluster, where the buckets' streams sit on different masters.
"""

from __future__ import annotations

import asyncio

from assistant.ledger import keys
from assistant.ledger.feed import MovementFeed, dump_cursors, load_cursors
from assistant.ledger.service import Ledger
from tests.ledger.test_ledger_buckets import BUCKETS, order
from tests.ledger.test_ledger_buckets import ledger as ledger  # noqa: F401  (the 4-bucket fixture)


def sales(rows: list[tuple[str, dict[str, str]]]) -> list[tuple[str, str]]:
    return [(fields["sku"], fields["ref"]) for _, fields in rows if fields.get("type") == "sale"]


async def test_sales_of_every_bucket_are_read_once_from_where_the_consumer_stood(ledger: Ledger) -> None:
    feed = MovementFeed.of(ledger)
    assert feed.streams == keys.movement_streams(BUCKETS)  # the ledger's count, not the module default
    start = await feed.latest()
    await ledger.place_order(order("o-a", ("A1", 1)), "api")  # bucket 3
    await ledger.place_order(order("o-b", ("B1", 1)), "api")  # bucket 1
    await ledger.place_order(order("o-d", ("D1", 1)), "api")  # bucket 0
    batch = await feed.read(start)
    # Merged by id: the server's clock to the millisecond (two buckets' entries of one ms may come either way).
    assert sorted(sales(batch.entries())) == [("A1", "o-a"), ("B1", "o-b"), ("D1", "o-d")]
    assert len(batch.by_stream) == 3
    moved = batch.advance(start)
    assert not await feed.read(moved)  # nothing twice
    await ledger.place_order(order("o-a2", ("A2", 2)), "api")
    assert sales((await feed.read(moved)).entries()) == [("A2", "o-a2")]


async def test_a_blocking_read_wakes_for_a_sale_outside_the_first_bucket(ledger: Ledger) -> None:
    feed = MovementFeed.of(ledger)
    start = await feed.latest()
    waiting = asyncio.create_task(feed.read(start, block_ms=60_000))
    await asyncio.sleep(0)  # the read is waiting (a sale before it would be found too: nothing to race)
    await ledger.place_order(order("o-b", ("B1", 1)), "api")
    batch = await asyncio.wait_for(waiting, timeout=60)
    assert sales(batch.entries()) == [("B1", "o-b")]


async def test_a_saved_position_resumes_each_stream_and_pages_through_what_lies_between(ledger: Ledger) -> None:
    feed = MovementFeed.of(ledger)
    await ledger.place_order(order("o-1", ("A1", 1), ("D1", 1)), "api")  # two buckets, one order
    saved = dump_cursors(await feed.latest())
    for n, sku in enumerate(["A1", "B1", "D1", "A2", "B1"]):
        await ledger.place_order(order(f"o-{n + 2}", (sku, 1), buyer=f"b{n}"), "api")
    until = await feed.latest()

    position, seen = load_cursors(saved, feed.streams), []
    while page := await feed.between(position, until, count=1):  # one entry per stream per page
        seen += page.entries()
        position = page.advance(position)
    assert sorted(sales(seen)) == sorted([("A1", "o-2"), ("B1", "o-3"), ("D1", "o-4"), ("A2", "o-5"),
                                          ("B1", "o-6")])
    assert position == until


def test_a_position_saved_before_the_feed_is_the_first_buckets() -> None:
    names = keys.movement_streams(4)
    assert load_cursors(b"1700000000000-3", names) == {names[0]: "1700000000000-3"}
    assert load_cursors(dump_cursors({names[2]: "5-1", "sa:gone": "1-0"}), names) == {names[2]: "5-1"}
    assert load_cursors(None, names) == {} and load_cursors("not a cursor", names) == {}
