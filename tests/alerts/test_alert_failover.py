"""Two workers on one Redis: the lease moves between them and the host hears every level once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from assistant.alerts.engine import AlertEngine
from assistant.alerts.failover import CURSOR_KEY
from assistant.alerts.lease import LEASE_KEY, LeaderLease
from assistant.alerts.runner import AlertRunner
from assistant.alerts.store import events_channel
from assistant.alerts.wiring import build_engine
from tests.alerts.alert_helpers import Rig, grid_catalog, make_rig
from tests.conftest import ManualClock
from tests.support.waiting import eventually

STREAM, SKU = "live", "P00-BLA-M"


@pytest.fixture
async def rig(redis: Redis, clock: ManualClock) -> Rig:
    return await make_rig(redis, clock, grid_catalog(products=1, skus_per_product=1, on_hand=10), {STREAM: ["P00"]})


@pytest.fixture
async def screen(redis: Redis) -> Any:
    """What every worker's card hub hears: one message per card pushed to the host's screens."""
    pubsub = redis.pubsub()
    await pubsub.subscribe(events_channel(STREAM))
    await pubsub.get_message(timeout=1.0)  # the subscribe confirmation
    yield pubsub
    await pubsub.aclose()


async def worker(rig: Rig, engine: AlertEngine | None = None, *, lease_ms: int = 5000) -> AlertRunner:
    if engine is None:
        engine, _, _ = build_engine(rig.svc)
        await engine.start_at_end()
    return AlertRunner(engine, LeaderLease(rig.svc.redis, ttl_ms=lease_ms), block_ms=10)


async def sell(rig: Rig, units: int) -> None:
    for _ in range(units):
        rig.clock.advance(10)
        await rig.sell(SKU, stream=STREAM)


async def pushed(screen: PubSub) -> list[dict[str, Any]]:
    cards = []
    while (message := await screen.get_message(ignore_subscribe_messages=True, timeout=0.3)) is not None:
        event = json.loads(message["data"])
        if event["event"] == "card":  # live counts go to the same screens
            cards.append(event["card"])
    return cards


async def test_a_sell_out_only_a_follower_read_before_the_leader_died_still_gets_one_card(rig, screen, redis):
    first, second = await worker(rig, rig.engine), await worker(rig)
    await sell(rig, 8)
    await first.step()
    await second.step()
    assert first.leader and not second.leader
    await sell(rig, 2)  # the leader dies here, unaware; its lease lives on while the follower reads the sell-out
    await second.step()
    assert not second.leader
    await redis.delete(LEASE_KEY)  # the dead leader's lease runs out
    await second.step()

    assert second.leader
    cards = await pushed(screen)
    levels = [card["level"] for card in cards]
    assert levels == ["critical", "sold_out"]  # the first worker's card, then the second's; neither twice
    # The follower had counted those sales already: evaluating them again does not count them twice.
    assert cards[-1]["variants"][0]["units_recent"] == 10


async def test_a_leader_that_stalled_past_its_lease_cannot_add_a_card_beside_the_new_leaders(rig, screen, redis):
    # A short lease that really runs out: the card save's fence is the lease's deadline in Redis time (a room's
    # cards are in another Cluster slot than the lease key), so deleting the key would not stand for a stall.
    first, second = await worker(rig, rig.engine, lease_ms=600), await worker(rig)
    await sell(rig, 3)
    await first.step()
    await second.step()
    assert first.leader

    async def checked_before_stalling() -> bool:
        return True  # the first worker's check passed, then it stalled longer than the lease's TTL

    first.lease.hold = checked_before_stalling  # type: ignore[method-assign]

    async def lease_ran_out() -> bool:
        return not await redis.exists(LEASE_KEY)

    await eventually(lease_ran_out, "the stalled leader's lease running out")  # then the second worker takes it
    await second.step()
    assert second.leader
    await sell(rig, 7)
    await first.step()  # wakes up believing it leads, and evaluates the sell-out
    await second.step()

    levels = [card["level"] for card in await pushed(screen)]
    assert levels.count("sold_out") == 1, levels
    assert not first.leader


async def test_a_lone_worker_whose_step_outlived_its_lease_says_the_refused_card_once_it_leads_again(
        rig, screen, redis):
    only = await worker(rig, rig.engine)
    await only.step()
    renew = only.lease.hold

    async def checked_before_stalling() -> bool:
        return True

    only.lease.hold = checked_before_stalling  # type: ignore[method-assign]
    await redis.delete(LEASE_KEY)  # it ran out during the stall; no other worker is there to take it
    await sell(rig, 10)
    await only.step()  # the fence refuses the sell-out's card
    only.lease.hold = renew  # type: ignore[method-assign]
    await only.step()  # leads again, and evaluates again what was refused

    assert [card["level"] for card in await pushed(screen)] == ["sold_out"]


async def test_a_restarted_deployment_does_not_announce_what_sold_while_it_was_down(rig, screen, redis):
    before = await worker(rig, rig.engine)
    await before.step()  # leads, and marks how far it evaluated
    await before.stop()
    await sell(rig, 10)  # sold out while no worker ran
    engine, _, _ = build_engine(rig.svc)
    await engine.restore()
    await engine.start_at_end()
    await engine.warm_up()
    after = await worker(rig, engine)
    await after.step()

    assert after.leader
    assert await pushed(screen) == []


async def test_a_new_leader_after_an_upgrade_takes_over_from_the_mark_an_older_version_saved(rig, screen, redis):
    """A rolling upgrade: the dying leader ran the version that saved its mark as one entry id (the only stream's),
    not the per-stream JSON; the new leader reads it (as the first bucket's cursor) and says the sell-out once."""
    first, second = await worker(rig, rig.engine), await worker(rig)
    await sell(rig, 8)
    await first.step()
    await second.step()
    old_mark = rig.engine.cursors[rig.engine.feed.streams[0]]
    await redis.set(CURSOR_KEY, old_mark)  # as the older version stored it
    await sell(rig, 2)
    await second.step()
    await redis.delete(LEASE_KEY)
    await second.step()

    assert second.leader
    assert [card["level"] for card in await pushed(screen)] == ["critical", "sold_out"]
