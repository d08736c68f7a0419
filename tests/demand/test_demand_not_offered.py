"""Asked for, not offered: phrasings of one missing thing land in one group; unrelated ones do not."""

from __future__ import annotations

import asyncio
import threading

from assistant.demand.phrases import canonical_size, phrase
from tests.demand.demand_support import STREAM, ask, make_service


def _groups(report):
    return {(g["kind"], g["label"]): g for g in report["not_offered"]}


async def test_phrasings_of_one_missing_colour_group_together_and_a_missing_size_does_not(redis, clock):
    demand = make_service(redis, clock, chroma=True)
    await demand.ingest([
        ask(clock, "u1", "HD-101", unknown_colour="紫色", text="有紫色吗"),
        ask(clock, "u2", "HD-101", unknown_colour="紫的", text="紫的有没有"),
        ask(clock, "u3", "HD-101", unknown_colour="purple", text="purple?", language="en"),
        ask(clock, "u1", "HD-101", unknown_colour="紫色", text="有紫色吗"),
        ask(clock, "u4", "HD-101", size=None, unknown_size="5XL", text="有5XL吗"),
        ask(clock, "u5", "HD-101", unknown_size="XXXXXL", text="xxxxxl有吗"),
        ask(clock, "u6", "HD-101", unknown_size="4XL", text="4XL呢"),
    ])
    groups = _groups(await demand.report(STREAM))
    purple = groups[("colour", "紫色")]
    assert (purple["asks"], purple["askers"]) == (4, 3)
    assert set(purple["phrasings"]) == {"紫色", "紫的", "purple"}
    assert purple["examples"][:3] == ["purple?", "紫的有没有", "有紫色吗"]
    assert (groups[("size", "5XL")]["asks"], groups[("size", "4XL")]["asks"]) == (2, 1)
    assert len(groups) == 3
    # Asks for what the catalog lacks are not asks of an existing item.
    assert (await demand.report(STREAM))["items"] == []


async def test_missing_products_are_grouped_by_meaning_through_chroma(redis, clock):
    demand = make_service(redis, clock, chroma=True)
    await demand.ingest([ask(clock, "u1", None, unknown_product="帽子", text="有没有帽子")])
    await demand.ingest([ask(clock, "u2", None, unknown_product="棒球帽", text="棒球帽有吗"),
                         ask(clock, "u3", None, unknown_product="包包", text="包包有吗"),
                         ask(clock, "u4", None, unknown_product="帽", text="帽有吗")])
    groups = _groups(await demand.report(STREAM))
    assert groups[("product", "帽子")]["asks"] == 3
    assert groups[("product", "包包")]["asks"] == 1
    assert len(groups) == 2


async def test_the_grouping_is_remembered_in_redis_for_other_workers(redis, clock):
    first = make_service(redis, clock, chroma=True)
    await first.ingest([ask(clock, "u1", "DR-202", unknown_colour="绿色", text="绿色有吗")])
    second = make_service(redis, clock)  # no chroma at all: the phrase table still knows "绿的" is green
    await second.ingest([ask(clock, "u2", "DR-202", unknown_colour="绿色", text="绿色呢"),
                         ask(clock, "u3", "DR-202", unknown_colour="绿的", text="绿的有没有")])
    groups = _groups(await second.report(STREAM))
    assert groups[("colour", "绿色")]["asks"] == 3 and len(groups) == 1


async def test_two_workers_meeting_a_new_phrasing_at_once_count_it_in_one_group(redis, clock):
    first = make_service(redis, clock, chroma=True, consumer_name="worker-a")
    second = make_service(redis, clock, chroma=True, consumer_name="worker-b")  # an index of its own
    await first.ingest([ask(clock, "u1", None, unknown_product="帽子", text="有没有帽子")])
    # Both look "帽" up in the phrase table before either has decided it: the first worker's index puts it with
    # 帽子, the second's (which never saw 帽子) founds a group of its own, and only then does it write.
    second_looked_up, first_done = threading.Event(), threading.Event()
    first.grouper._decide = _after(second_looked_up, first.grouper._decide)
    second.grouper._decide = _announcing(second_looked_up, _after(first_done, second.grouper._decide))

    async def first_worker() -> None:
        await first.ingest([ask(clock, "u2", None, unknown_product="帽", text="帽有吗")])
        first_done.set()

    await asyncio.gather(first_worker(), second.ingest([ask(clock, "u3", None, unknown_product="帽", text="帽呢")]))
    # Each worker keeps using the group it was told, so later asks join it too.
    await first.ingest([ask(clock, "u4", None, unknown_product="帽", text="帽还有吗")])
    await second.ingest([ask(clock, "u5", None, unknown_product="帽", text="帽帽帽")])
    for worker in (first, second):
        groups = _groups(await worker.report(STREAM))
        assert list(groups) == [("product", "帽子")]
        assert (groups[("product", "帽子")]["asks"], groups[("product", "帽子")]["askers"]) == (5, 5)


def _after(event: threading.Event, decide):
    def waiting(*args):
        assert event.wait(10), "the other worker never got there"
        return decide(*args)
    return waiting


def _announcing(event: threading.Event, decide):
    def announcing(*args):
        event.set()
        return decide(*args)
    return announcing


def test_phrase_normalisation():
    assert canonical_size("xxxl码") == canonical_size("3XL") == "3XL"
    assert canonical_size("5xl") != canonical_size("4XL")
    assert phrase("colour", "紫的").key == phrase("colour", "Purple").key == "purple"
    assert phrase("colour", "香芋紫").key == "lavender"
    assert phrase("product", "帽子吗").key == "帽子"
