"""The waitlist's Redis steps on their own: joins, one notice per return, deferral, the outbox cursor."""

from __future__ import annotations

import asyncio

from assistant.waitlist.store import Join, WaitlistStore

T0 = 1_800_000_000_000
HEAD = {"id": "n1", "stream_id": "s1", "sku": "SKU-1", "product_id": "P", "colour": None, "size": None, "ts": T0,
        "trigger": {"returned": 3}}


def _join(user: str, stream: str = "s1") -> Join:
    return Join(stream, "SKU-1", user, f"@{user}", "zh")


async def test_joining_twice_keeps_one_entry_with_the_first_time(redis):
    store = WaitlistStore(redis)
    assert await store.join_many([_join("a"), _join("b")], T0) == [(True, 1), (True, 2)]
    assert await store.join_many([_join("a")], T0 + 5000) == [(False, 2)]
    assert await store.sizes("s1", T0 + 5000) == {"SKU-1": 2}
    assert (await store.stats("s1"))["totals"]["joined"] == 2
    assert await store.sizes("s2", T0) == {}  # another room's list is its own


async def test_a_return_issues_one_notice_naming_who_joined_before_it(redis):
    store = WaitlistStore(redis)
    await store.join_many([_join("a"), _join("b")], T0)
    await store.join_many([_join("late")], T0 + 10)
    issued = await store.issue("s1", "SKU-1", "m1|SKU-1", T0 + 5, T0 + 20, "n1", 60_000, HEAD)
    assert issued.outcome == "issued"
    assert [v["user_id"] for v in issued.notice["viewers"]] == ["a", "b"]
    again = await store.issue("s1", "SKU-1", "m1|SKU-1", T0 + 5, T0 + 20, "n1", 60_000, HEAD)
    assert again.outcome == "existing" and again.notice["id"] == "n1"
    assert await store.sizes("s1", T0 + 20) == {"SKU-1": 1}  # "late" joined after that return: still waiting
    deferred = await store.issue("s1", "SKU-1", "m2|SKU-1", T0 + 30, T0 + 30, "n2", 60_000, {**HEAD, "id": "n2"})
    assert deferred.outcome == "deferred" and deferred.due_ms == T0 + 20 + 60_000
    assert await store.due("s1", T0 + 60_000) == [] and await store.due("s1", T0 + 60_020) == ["SKU-1"]


async def test_two_responses_racing_for_the_same_parts_carry_them_once(redis):
    store = WaitlistStore(redis)
    await store.join_many([_join("a")], T0)
    issued = await store.issue("s1", "SKU-1", "m1|SKU-1", T0, T0, "n1", 0, HEAD)
    parts = [{"notice_id": "n1", "part": 1, "reply": "@a back", "mentions": ["a"], "sku": "SKU-1"}]
    assert await store.publish({**issued.notice, "status": "ready"}, parts)
    assert not await store.publish({**issued.notice, "status": "ready"}, parts)  # published once
    reads = await asyncio.gather(store.pending_parts("s1", 5), store.pending_parts("s1", 5))
    wins = await asyncio.gather(*(store.advance("s1", cursor, found[-1][0]) for cursor, found in reads))
    assert sorted(wins) == [False, True]
    assert (await store.pending_parts("s1", 5))[1] == []


async def test_leaving_takes_the_viewer_off_every_list_in_the_room(redis):
    store = WaitlistStore(redis)
    await store.join_many([_join("a"), Join("s1", "SKU-2", "a", "@a", "zh"), _join("b")], T0)
    assert sorted(await store.leave("s1", "a")) == ["SKU-1", "SKU-2"]
    assert await store.sizes("s1", T0) == {"SKU-1": 1}
    assert await store.leave("s1", "a") == []
