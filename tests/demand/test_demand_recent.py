"""The "viewers asking now" figure on host cards: one shared read per moment, never hiding fresh counts."""

from __future__ import annotations

import asyncio

import assistant.demand.recent as recent_module
from assistant.demand.recent import RecentCounts
from tests.demand.demand_support import STREAM, ask, make_service


class Ticking:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = recent_module.read_counts

    async def counted(redis, stream_id, window, now_ms):
        reads.append(stream_id)
        return await real(redis, stream_id, window, now_ms)

    monkeypatch.setattr(recent_module, "read_counts", counted)
    return reads


async def test_a_burst_of_cards_shares_one_read_of_the_stream(redis, clock, monkeypatch):
    demand = make_service(redis, clock)
    await demand.ingest([ask(clock, f"u{i}", "HD-101", "black", "L") for i in range(4)])
    reads = _count_reads(monkeypatch)
    answers = await asyncio.gather(*(demand.asking(STREAM, "HD-101") for _ in range(20)))
    assert len(reads) == 1
    assert {a["askers"] for a in answers} == {4}


async def test_asks_this_worker_counts_show_on_the_next_card_at_once(redis, clock):
    demand = make_service(redis, clock)
    await demand.ingest([ask(clock, "u1", "HD-101", "black", "L")])
    assert (await demand.asking(STREAM, "HD-101"))["askers"] == 1
    await demand.ingest([ask(clock, "u2", "HD-101", "black", "M")])
    assert (await demand.asking(STREAM, "HD-101"))["askers"] == 2


async def test_counts_written_by_another_worker_show_once_the_read_is_a_second_old(redis, clock):
    card_worker, other_worker = make_service(redis, clock), make_service(redis, clock)
    ticking = Ticking()
    card_worker.recent = RecentCounts(redis, max_age_s=1.0, monotonic=ticking)
    await other_worker.ingest([ask(clock, "u1", "HD-101", "black", "L")])
    assert (await card_worker.asking(STREAM, "HD-101"))["questions"] == 1
    await other_worker.ingest([ask(clock, "u2", "HD-101", "black", "L")])
    ticking.now += 0.5
    assert (await card_worker.asking(STREAM, "HD-101"))["questions"] == 1  # the shared read, half a second old
    ticking.now += 0.6
    assert (await card_worker.asking(STREAM, "HD-101"))["questions"] == 2

async def test_a_card_that_gives_up_does_not_cancel_the_read_others_wait_for(redis, clock):
    demand = make_service(redis, clock)
    await demand.ingest([ask(clock, "u1", "DR-201", "red", "M")])
    impatient = asyncio.create_task(demand.asking(STREAM, "DR-201"))
    patient = asyncio.create_task(demand.asking(STREAM, "DR-201"))
    await asyncio.sleep(0)
    impatient.cancel()
    assert (await patient)["askers"] == 1
