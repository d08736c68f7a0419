"""A catalog loaded by one worker (or by `stock-assistant catalog load`) reaches every other worker."""

from __future__ import annotations

import asyncio
import json

from assistant.catalog.service import CatalogService
from assistant.ledger.service import Ledger
from tests.conftest import SAMPLE_DATA
from tests.support.waiting import GIVE_UP_S, eventually


def _catalog(extra_product: bool = False) -> dict:
    raw = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    if extra_product:
        raw["products"].append({"id": "NEW-900", "name": {"zh": "新款大衣", "en": "New coat"},
                                "variants": [{"sku": "NEW-900-BLK-M", "colour": "black", "size": "M", "on_hand": 5}]})
    return raw


async def test_a_load_on_one_worker_is_followed_by_the_other(redis, clock):
    loading, serving = CatalogService(redis, Ledger(redis, clock=clock)), CatalogService(redis, Ledger(redis, clock=clock))
    await loading.load(_catalog(), actor="admin:test")
    await serving.restore()
    assert serving.catalog.product("NEW-900") is None
    await loading.load(_catalog(extra_product=True), actor="admin:test")
    assert await serving.refresh_if_changed() is True
    assert serving.catalog.product("NEW-900") is not None
    assert await serving.refresh_if_changed() is False  # nothing new: no second read
    assert await loading.refresh_if_changed() is False  # the loading worker already has it


async def test_the_background_follower_picks_up_a_load(redis, clock):
    loading, serving = CatalogService(redis, Ledger(redis, clock=clock)), CatalogService(redis, Ledger(redis, clock=clock))
    seen: list[int] = []
    serving.on_change(lambda catalog: seen.append(len(catalog.products)))
    stop = asyncio.Event()
    follower = asyncio.create_task(serving.follow(stop, interval_s=0.05))
    try:
        await loading.load(_catalog(extra_product=True), actor="admin:test")
        await eventually(lambda: serving.catalog.product("NEW-900") is not None, "the follower saw the new product")
        assert seen == [len(loading.catalog.products)]  # listeners (parsers, alert baselines) were told once
    finally:
        stop.set()
        await asyncio.wait_for(follower, GIVE_UP_S)  # stops on the event (the bound only guards against a hang)
