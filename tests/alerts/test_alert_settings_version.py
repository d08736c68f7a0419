"""A room's alert settings changed on another worker reach the engine's next evaluation: every settings write
bumps a version the engine checks, instead of the engine re-reading every room once a second."""

from __future__ import annotations

from redis.asyncio import Redis

from assistant.alerts.settings import AlertSettingsPatch, StreamAlertSettings
from tests.alerts.alert_helpers import Rig, grid_catalog, make_rig
from tests.conftest import ManualClock

SKU = "P00-BLA-M"


async def evaluate_new_movements(rig: Rig) -> list[dict]:
    """What the engine's own loop does (no catch-up, which re-reads rooms and settings anyway)."""
    return [c.public() for c in await rig.engine.process(await rig.engine.feed.read(rig.engine.cursors))]


async def test_a_threshold_raised_on_another_worker_is_used_for_the_very_next_order(
        redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, grid_catalog(products=1, skus_per_product=1, on_hand=100), {"live": ["P00"]})
    await rig.engine.catch_up()
    clock.advance(1)
    await rig.sell(SKU, 5, stream="live")
    assert [c for c in await evaluate_new_movements(rig) if c["level"] == "low"] == []  # 95 of 100: not low

    other_worker = StreamAlertSettings(redis, rig.engine.settings.defaults)
    await other_worker.update("live", AlertSettingsPatch(low_ratio=0.96))
    clock.advance(1)
    await rig.sell(SKU, 1, stream="live")
    cards = await evaluate_new_movements(rig)
    assert [(c["product_id"], c["level"]) for c in cards] == [("P00", "low")]
    assert rig.engine.settings.of("live").low_ratio == 0.96


async def test_every_settings_write_moves_the_version(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, grid_catalog(products=1, skus_per_product=1, on_hand=10), {"live": ["P00"]})
    settings = rig.engine.settings
    await settings.refresh(["live"])
    assert not await settings.edited_since_read()
    await StreamAlertSettings(redis, settings.defaults).update("live", AlertSettingsPatch(max_cards_per_minute=3))
    assert await settings.edited_since_read()
    await settings.refresh(["live"])
    assert not await settings.edited_since_read() and settings.of("live").max_cards_per_minute == 3
