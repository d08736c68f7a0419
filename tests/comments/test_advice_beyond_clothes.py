"""Size advice and counts on goods that are not clothes: a bike's advice names "26寸" as the catalog does (no
"26寸码"), a wrist or the people in a household are the viewer's, never "no such size"."""

from __future__ import annotations

from assistant.container import Services
from tests.comments.conftest import Ask
from tests.vocab.catalogs import product

CATALOG = {"catalog_version": 1, "currency": "CNY", "products": [
    product("BIKE-1", "山地车", ["哑光黑", "雪山白"], ["24寸", "26寸", "27.5寸"], size_chart={"unit": "cm/kg", "rows": [
        {"size": "24寸", "height": [140, 160]}, {"size": "26寸", "height": [160, 175]},
        {"size": "27.5寸", "height": [175, 195]}]}),
    product("CHAIN-2", "手链", ["银色", "玫瑰金"], ["15cm", "17cm", "19cm"]),
    product("EGG-3", "土鸡蛋", ["散养"], ["20枚", "30枚", "60枚"]),
]}


async def _load(svc: Services) -> None:
    await svc.catalog.load(CATALOG, actor="test", reset_stock=True)


async def test_bike_advice_names_the_wheel_size_as_the_catalog_does(svc: Services, ask: Ask) -> None:
    await _load(svc)
    result = await ask("一米六八骑几寸的", on_screen="BIKE-1")

    assert (result.intent, result.action) == ("size_advice", "reply")
    assert "26寸" in result.reply and "26寸码" not in result.reply


async def test_the_viewers_wrist_is_no_size_the_product_lacks(svc: Services, ask: Ask) -> None:
    await _load(svc)
    result = await ask("手腕16.5戴哪个长度合适", on_screen="CHAIN-2")

    assert result.intent == "size_advice" and "没有" not in (result.reply or "")


async def test_people_counted_are_no_pack_size(svc: Services, ask: Ask) -> None:
    await _load(svc)
    result = await ask("家里两个老人 鸡蛋买多少枚", on_screen="EGG-3")

    assert "没有两个" not in (result.reply or "")


GOGGLES = {"catalog_version": 1, "currency": "CNY", "products": [
    product("GOGGLES-4", "近视泳镜", ["黑色 电镀", "透明 防雾"], ["平光", "200度", "300度", "400度"]),
    product("BANGLE-5", "水晶手链", ["白水晶"], ["15cm【手围13-14cm】", "18cm【手围15.5-16.5cm】"]),
]}


async def test_two_eyes_and_which_power_to_buy_is_advice_not_one_power(svc: Services, ask: Ask) -> None:
    await svc.catalog.load(GOGGLES, actor="test", reset_stock=True)
    result = await ask("我近视左眼350右眼400 泳镜买哪个度数", on_screen="GOGGLES-4")

    assert result.intent == "size_advice" and result.size is None


async def test_a_wrist_and_which_to_wear_is_advice(svc: Services, ask: Ask) -> None:
    await svc.catalog.load(GOGGLES, actor="test", reset_stock=True)
    result = await ask("手围16cm戴哪个", on_screen="BANGLE-5")

    assert result.intent == "size_advice" and result.size is None


LIPSTICK = {"catalog_version": 1, "currency": "CNY", "products": [
    {**product("LIP-6", "口红", ["#101 豆沙色", "#306 奶茶棕"], ["x"]),
     "variants": [{"sku": "LIP-6-101", "on_hand": 5, "colour": "#101 豆沙色"},
                  {"sku": "LIP-6-306", "on_hand": 5, "colour": "#306 奶茶棕"}]},
]}


async def test_a_shade_said_digit_by_digit_is_that_shade(svc: Services, ask: Ask) -> None:
    await svc.catalog.load(LIPSTICK, actor="test", reset_stock=True)
    result = await ask("一零一有吗", on_screen="LIP-6")

    assert result.colour == "#101 豆沙色" and "没有" not in (result.reply or "")


async def test_an_option_a_shades_only_product_lacks_lists_its_shades(svc: Services, ask: Ask) -> None:
    await svc.catalog.load(LIPSTICK, actor="test", reset_stock=True)
    result = await ask("有没有999号的", on_screen="LIP-6")

    assert result.action == "reply" and "#101 豆沙色" in (result.reply or "") and "：～" not in (result.reply or "")
