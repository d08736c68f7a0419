"""Cards for bundles: a component's shortage starves the bundle, and both cards say so from the ledger's figures."""

from __future__ import annotations

from redis.asyncio import Redis

from tests.alerts.alert_helpers import make_rig
from tests.conftest import ManualClock

SHOP = {"products": [
    {"id": "CL", "name": {"zh": "洁面乳", "en": "Cleanser"}, "variants": [{"sku": "CL-1", "on_hand": 60}]},
    {"id": "SM", "name": {"zh": "精华小样", "en": "Serum sample"}, "variants": [{"sku": "SM-1", "on_hand": 40}]},
    {"id": "GIFT", "name": {"zh": "洁面礼盒套装", "en": "Cleanser gift set"}, "variants": [
        {"sku": "GIFT-1", "components": [{"sku": "CL-1", "qty": 1}, {"sku": "SM-1", "qty": 2}]}]},
]}


async def test_a_component_running_low_raises_the_bundles_card_naming_it(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, SHOP, {"live": ["GIFT", "SM"]})
    await rig.new_cards()
    await rig.sell("SM-1", 34, stream="live")  # single samples sold: 6 left, enough for 3 sets
    cards = {c["product_id"]: c for c in await rig.new_cards()}
    assert "GIFT" in cards, list(cards)
    gift = cards["GIFT"]
    assert gift["variants"][0]["sku"] == "GIFT-1" and gift["variants"][0]["sellable"] == 3
    assert gift["bundle"]["starved"][0] == {**gift["bundle"]["starved"][0], "component": "SM-1", "allows": 3}
    assert "精华小样" in gift["line_zh"] and "3 套" in gift["line_zh"]
    sample = cards["SM"]  # the component's own card says which bundle it starves
    assert "洁面礼盒套装" in sample["line_zh"] and sample["bundle"]["starved"][0]["bundle"] == "GIFT-1"


async def test_a_bundle_with_plenty_of_every_component_carries_no_warning(redis: Redis, clock: ManualClock) -> None:
    rig = await make_rig(redis, clock, SHOP, {"live": ["GIFT"]})
    await rig.sell("GIFT-1", 2, stream="live")
    cards = await rig.new_cards()
    assert all(c.get("bundle") is None for c in cards)
    assert (await rig.sellable("GIFT-1", "CL-1", "SM-1")) == {"GIFT-1": 18, "CL-1": 58, "SM-1": 36}
