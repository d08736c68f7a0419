"""Viewers asking when a sold-out variant is back hear the next shipment's ETA, then what is in stock meanwhile."""

from __future__ import annotations

from typing import Any

from assistant.comments.pipeline import CommentPipeline
from assistant.container import Services
from tests.comments.conftest import ROOMY, STREAM, Ask, comment, focus
from tests.comments.test_comment_pipeline import DAY_MS, sell_out


async def ship(svc: Services, clock: Any, sku: str, qty: int, days: float) -> None:
    await svc.ledger.add_incoming(sku, f"ship-{sku}", qty, int(clock() + days * DAY_MS - 60_000), "test")


async def test_when_back_gets_the_eta_and_what_is_in_stock_meanwhile(svc: Services, clock: Any, ask: Ask) -> None:
    await sell_out(svc, "HD-101-BLK-L")  # other hoodie variants are still in stock
    await ship(svc, clock, "HD-101-BLK-L", 57, 3)

    for question in ("黑色L码什么时候补货", "黑色L啥时候到货呀", "黑色L几时补货", "黑色L码会补货吗"):
        clock.advance(30)  # viewers asking over a few minutes, not a question asked again within its cooldown
        result = await ask(question, on_screen="HD-101")
        assert result.action == "reply" and (result.product_id, result.size) == ("HD-101", "L"), (question, result.reason, result.reply)
        assert "3天后补货" in result.reply, (question, result.reply)
        assert "57" not in result.reply  # the figures rule (exact counts only when low) keeps the quantity back
        assert any(f.role in ("alternative", "substitute") and f.sellable > 0 for f in result.facts)

    for question in ("when will the black L be back?", "black L restock when?", "any restock for the black L?"):
        clock.advance(30)
        result = await ask(question, on_screen="HD-101")
        assert result.action == "reply" and "restock expected in 3 days" in result.reply, (question, result)

    clock.advance(30)
    plain = await ask("黑色L码还有吗", on_screen="HD-101")  # not asking when: the alternatives, as before
    assert "补货" not in plain.reply and any(f.role == "alternative" for f in plain.facts)


async def test_when_back_without_a_shipment_states_no_date(svc: Services, ask: Ask) -> None:
    await sell_out(svc, "HD-101-BLK-L")
    result = await ask("黑色L码什么时候补货", on_screen="HD-101")
    assert result.action == "reply" and "补货" not in result.reply and "天" not in result.reply
    assert not any(ch.isdigit() for ch in result.reply.split(" ", 1)[1])


async def test_the_quantity_is_stated_when_the_figures_rule_allows(svc: Services, clock: Any) -> None:
    await sell_out(svc, "HD-101-BLK-L", "HD-101-GRY-L")
    await ship(svc, clock, "HD-101-BLK-L", 57, 10)  # a cross-border shipment: ten days out
    await ship(svc, clock, "HD-101-GRY-L", 5, 1)  # another variant's shipment is not this one's date
    pipeline = CommentPipeline(svc, matcher=svc.catalog.matcher, busy=ROOMY, exact_counts="always")
    await focus(svc, "HD-101")
    [zh] = await pipeline.process(STREAM, [comment("黑色L什么时候有货")])
    clock.advance(30)  # past the question's cooldown
    [en] = await pipeline.process(STREAM, [comment("when is the black L back in stock")])
    assert "10天后补货57件" in zh.reply, zh.reply
    assert "restock expected in 10 days (57 coming)" in (en.reply or ""), en
    assert zh.action == en.action == "reply"  # the guard let the shipment's figures through


async def test_a_shipment_due_today_is_said_in_hours_not_as_one_day(svc: Services, clock: Any, ask: Ask) -> None:
    await sell_out(svc, "HD-101-BLK-L")
    await ship(svc, clock, "HD-101-BLK-L", 57, 0.125)  # three hours out (less the helper's minute)
    zh = await ask("黑色L码什么时候补货", on_screen="HD-101")
    assert zh.action == "reply" and "预计3小时后到货" in zh.reply, zh.reply
    assert "天" not in zh.reply, zh.reply
    clock.advance(30)
    en = await ask("when will the black L be back?", on_screen="HD-101")
    assert en.action == "reply" and "restock expected in about 3 hours" in en.reply, en.reply
