"""Which option suits a use ("坐飞机带哪个容量的好", "一个月的量买多大罐合适", "送男朋友哪款合适"): advice, answered
with the options in stock (these goods have no size chart), never taken for chatter and never one option as if
the viewer had asked for it. A count to buy ("买几箱"), a shade asked for, or a game's "选哪个英雄" is no advice."""

from __future__ import annotations

import pytest

from assistant.container import Services
from tests.comments.conftest import Ask
from tests.vocab.catalogs import product

CATALOG = {"catalog_version": 1, "currency": "CNY", "products": [
    product("PB-1", "充电宝", ["冰川蓝", "暮光紫"], ["5000mAh 超薄款", "10000mAh 支架款", "20000mAh"]),
    product("TEA-2", "龙井茶", ["明前特级", "雨前一级"], ["50g罐装", "100g罐装", "250g罐装"]),
    product("MAT-3", "床垫", ["偏硬护脊", "乳胶软款"], ["1.2×2.0m", "1.5×2.0m", "1.8×2.0m"]),
    product("RKT-4", "羽毛球拍", ["活力橙", "曜石黑"], ["3U(约88g)", "4U(约83g)", "5U(约78g)"]),
    {**product("LIP-5", "口红", ["#101 豆沙色"], ["x"]),
     "variants": [{"sku": "LIP-5-101", "on_hand": 5, "colour": "#101 豆沙色"},
                  {"sku": "LIP-5-205", "on_hand": 5, "colour": "#205 枫叶红"}]},
]}


async def _load(svc: Services) -> None:
    await svc.catalog.load(CATALOG, actor="test", reset_stock=True)


@pytest.mark.parametrize(("text", "on_screen"), [
    ("坐飞机带哪个容量的好", "PB-1"),
    ("手机平板一起充 选哪个容量", "PB-1"),
    ("一个人喝 一个月的量买多大罐合适", "TEA-2"),
    ("送长辈买哪款好", "TEA-2"),
    ("孩子房间1.2米的床 床垫该买哪个尺寸", "MAT-3"),
    ("平躺仰睡用多厚的", "MAT-3"),
    ("新手打球选几U", "RKT-4"),
    ("女生力气小用哪个重量合适", "RKT-4"),
])
async def test_which_option_suits_a_use_is_advice_answered_with_what_is_in_stock(
        svc: Services, ask: Ask, text: str, on_screen: str) -> None:
    await _load(svc)
    result = await ask(text, on_screen=on_screen)

    assert (result.intent, result.action, result.product_id) == ("size_advice", "reply", on_screen)
    assert result.size is None and result.colour is None  # nothing chosen for the viewer as if asked
    sizes = {"PB-1": "10000mAh", "TEA-2": "100g罐装", "MAT-3": "1.5×2.0m", "RKT-4": "4U"}
    assert sizes[on_screen] in (result.reply or "")


@pytest.mark.parametrize(("text", "on_screen"), [
    ("我买了三罐 还想再买几罐", "TEA-2"),  # a count to buy
    ("选哪个英雄打野", "RKT-4"),  # a game, said in passing
    ("选哪个色号显白", "LIP-5"),  # which shades: asked this way too, not a use
    ("主播用哪个牌子的手机", "PB-1"),
])
async def test_a_count_a_shade_or_other_talk_is_no_advice(svc: Services, ask: Ask, text: str, on_screen: str) -> None:
    await _load(svc)
    result = await ask(text, on_screen=on_screen)

    assert result.intent != "size_advice"
