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
