"""A sold-out variant's alternative keeps what the viewer asked: same size in another colour, then the same
colour one size away, then a substitute product in (or next to) the size; never a far size."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from tests.alerts.alert_helpers import Rig, make_rig, sample_catalog
from tests.conftest import ManualClock


@pytest.fixture
async def rig(redis: Redis, clock: ManualClock) -> Rig:
    return await make_rig(redis, clock, sample_catalog(), {"live": ["HD-101", "HD-102"]})


async def sell_all(rig: Rig, sku: str) -> dict:
    left = (await rig.sellable(sku))[sku]
    rig.clock.advance(1)
    await rig.sell(sku, left, stream="live")
    return next(c for c in reversed(await rig.new_cards()) if c["product_id"] == "HD-101")


async def test_black_2xl_sold_out_never_suggests_black_l(rig: Rig) -> None:
    # Grey 2XL starts at 0; apricot 2XL has 4: the same size in another colour comes first.
    card = await sell_all(rig, "HD-101-BLK-2XL")
    assert card["action"]["alternative"]["sku"] == "HD-101-APR-2XL"
    assert "杏色2XL" in card["line_zh"] + card["action"]["text_zh"]
    # No 2XL left in any colour: each colour one size down (XL), never black L two sizes away.
    card = await sell_all(rig, "HD-101-APR-2XL")
    assert card["variants"][0]["sku"] == "HD-101-APR-2XL"
    assert card["action"]["alternative"]["sku"] == "HD-101-APR-XL"
    assert card["facts"]["second_alternative"]["sku"] == "HD-101-BLK-XL"  # for black 2XL, also sold out
    card = await sell_all(rig, "HD-101-BLK-XL")
    assert card["action"]["alternative"]["sku"] == "HD-101-GRY-XL"  # black XL: same size, another colour
    for entry in (card["action"]["alternative"], card["facts"].get("second_alternative")):
        assert entry is None or entry["sku"] != "HD-101-BLK-L"


async def test_a_substitute_keeps_the_size_or_the_next_one(rig: Rig) -> None:
    for sku in ("HD-101-APR-2XL", "HD-101-BLK-XL", "HD-101-GRY-XL", "HD-101-APR-XL"):
        await sell_all(rig, sku)
    card = await sell_all(rig, "HD-101-BLK-2XL")  # no 2XL, no XL in black: HD-102 in XL, black first
    assert card["variants"][0]["sku"] == "HD-101-BLK-2XL"
    alternative = card["action"]["alternative"]
    assert (alternative["product_id"], alternative["sku"]) == ("HD-102", "HD-102-BLK-XL")
    assert card["action"]["kind"] == "offer_substitute"
