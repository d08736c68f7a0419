"""Each ledger verb as a buyer or an ops user would notice it, against a real redis-server."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError, Conflict, NotFound
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock


def order(order_id: str, *lines: tuple[str, int], buyer: str = "ana", channel: str = "douyin",
          stream: str | None = None) -> OrderRequest:
    return OrderRequest(order_id=order_id, channel=channel, buyer_id=buyer, stream_id=stream,
                        lines=[OrderLine(sku=sku, qty=qty) for sku, qty in lines])


def hold(hold_id: str, sku: str, qty: int, ttl_seconds: int = 60, channel: str = "douyin") -> HoldRequest:
    return HoldRequest(hold_id=hold_id, channel=channel, buyer_id="ana", ttl_seconds=ttl_seconds,
                       lines=[OrderLine(sku=sku, qty=qty)])


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock)
    await ledger.upsert_skus([("A", "P1", 10, 0), ("B", "P1", 1, 0), ("S", "P2", 10, 3)], "ops", reset=True)
    return ledger


async def sellable(ledger: Ledger, sku: str) -> int:
    stock = (await ledger.read([sku]))[sku]
    assert stock is not None
    return stock.sellable


async def refusal(call: object) -> AppError:
    with pytest.raises(AppError) as caught:
        await call  # type: ignore[misc]
    return caught.value


async def test_an_order_takes_every_line_or_none(ledger: Ledger) -> None:
    error = await refusal(ledger.place_order(order("o1", ("A", 2), ("B", 2)), "api"))
    assert (error.status_code, error.code, error.details["sku"]) == (409, "insufficient_stock", "B")
    assert (await sellable(ledger, "A"), await sellable(ledger, "B")) == (10, 1)
    await ledger.place_order(order("o2", ("A", 2), ("B", 1)), "api")
    assert (await sellable(ledger, "A"), await sellable(ledger, "B")) == (8, 0)


async def test_safety_stock_is_never_sold(ledger: Ledger) -> None:
    assert await sellable(ledger, "S") == 7
    error = await refusal(ledger.place_order(order("o1", ("S", 8)), "api"))
    assert error.details["available"] == 7
    await ledger.place_order(order("o2", ("S", 7)), "api")
    assert (await refusal(ledger.place_order(order("o3", ("S", 1)), "api"))).code == "insufficient_stock"
    stock = (await ledger.read(["S"]))["S"]
    assert stock is not None and stock.stock == stock.safety_stock == 3


async def test_replaying_an_order_id_answers_the_same_and_deducts_once(ledger: Ledger) -> None:
    first = await ledger.place_order(order("o1", ("A", 3)), "api")
    assert await ledger.place_order(order("o1", ("A", 3)), "api") == first
    assert await sellable(ledger, "A") == 7
    assert [m["type"] for _, m in await ledger.movements()].count("sale") == 1


async def test_a_refusal_is_remembered_for_the_same_request(ledger: Ledger) -> None:
    assert (await refusal(ledger.place_order(order("o1", ("A", 11)), "api"))).code == "insufficient_stock"
    await ledger.restock("A", 5, "ops")
    replayed = await refusal(ledger.place_order(order("o1", ("A", 11)), "api"))
    assert (replayed.status_code, replayed.code) == (409, "insufficient_stock")
    assert await sellable(ledger, "A") == 15


async def test_same_order_id_with_another_body_is_an_idempotency_conflict(ledger: Ledger) -> None:
    await ledger.place_order(order("o1", ("A", 1)), "api")
    for other in (order("o1", ("A", 2)), order("o1", ("A", 1), buyer="bob"), order("o1", ("B", 1))):
        assert (await refusal(ledger.place_order(other, "api"))).code == "idempotency_conflict"
    assert (await sellable(ledger, "A"), await sellable(ledger, "B")) == (9, 1)


async def test_cancelling_twice_gives_the_stock_back_once(ledger: Ledger) -> None:
    await ledger.place_order(order("o1", ("A", 3), ("B", 1)), "api")
    assert (await ledger.cancel_order("o1", "ops", reason="buyer asked")).changed is True
    assert (await ledger.cancel_order("o1", "ops")).changed is False
    assert (await sellable(ledger, "A"), await sellable(ledger, "B")) == (10, 1)
    assert (await ledger.order("o1") or {})["status"] == "cancelled"
    assert (await refusal(ledger.cancel_order("nope", "ops"))).code == "order_not_found"


async def test_a_hold_expires_on_read_when_the_clock_passes_its_ttl(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.place_hold(hold("h1", "A", 4, ttl_seconds=60), "api")
    clock.advance(59.999)
    assert await sellable(ledger, "A") == 6
    clock.advance(0.001)  # no reaper runs: the read itself drops the hold
    assert await sellable(ledger, "A") == 10
    expired = [m for _, m in await ledger.movements() if m["type"] == "hold_expired"]
    assert [(m["ref"], m["qty"], m["actor"], m["before"], m["after"]) for m in expired] == [
        ("h1", "4", "system", "6", "10")]


async def test_confirming_an_expired_hold_is_refused(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.place_hold(hold("h1", "A", 4), "api")
    clock.advance(60)
    error = await refusal(ledger.confirm_hold("h1", "o1", "api"))
    assert (error.code, error.details["status"]) == ("hold_not_active", "expired")
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.sold, stock.held, stock.sellable) == (0, 0, 10)


async def test_confirming_a_live_hold_sells_it_once(ledger: Ledger) -> None:
    await ledger.place_hold(hold("h1", "A", 4), "api")
    first = await ledger.confirm_hold("h1", "o1", "api")
    assert await ledger.confirm_hold("h1", "o1", "api") == first
    assert (await refusal(ledger.confirm_hold("h1", "o2", "api"))).code == "hold_not_active"
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.sold, stock.held, stock.sellable) == (4, 0, 6)


async def test_releasing_a_hold_gives_its_units_back_once(ledger: Ledger) -> None:
    await ledger.place_hold(hold("h1", "A", 3), "api")
    assert await sellable(ledger, "A") == 7
    assert (await ledger.release_hold("h1", "api")).changed is True
    assert (await ledger.release_hold("h1", "api")).changed is False
    assert await sellable(ledger, "A") == 10
    assert (await refusal(ledger.confirm_hold("h1", "o1", "api"))).code == "hold_not_active"


async def test_buyer_limit_counts_what_each_buyer_bought(ledger: Ledger) -> None:
    await ledger.set_policy("A", "buyer_limit", 2, "ops")
    await ledger.place_order(order("o1", ("A", 2)), "api")
    error = await refusal(ledger.place_order(order("o2", ("A", 1)), "api"))
    assert (error.code, error.details["bought"], error.details["limit"]) == ("buyer_limit_exceeded", 2, 2)
    await ledger.place_order(order("o3", ("A", 2), buyer="bob"), "api")
    await ledger.cancel_order("o1", "ops")
    await ledger.place_order(order("o4", ("A", 1)), "api")  # a cancelled order no longer counts
    assert await sellable(ledger, "A") == 7


@pytest.mark.parametrize(
    ("scope", "inside", "outside"),
    [
        ("stream:live-1", {"stream": "live-1"}, {"stream": "live-2"}),
        ("channel:douyin", {"channel": "douyin"}, {"channel": "taobao"}),
        ("*", {"channel": "taobao", "stream": "live-9"}, None),
    ],
)
async def test_flash_cap_limits_sales_in_its_scope_only(
    ledger: Ledger, scope: str, inside: dict[str, str], outside: dict[str, str] | None
) -> None:
    await ledger.set_policy("A", "flash_cap", 3, "ops", scope=scope)
    await ledger.place_order(order("o1", ("A", 3), **inside), "api")
    error = await refusal(ledger.place_order(order("o2", ("A", 1), **inside), "api"))
    assert (error.code, error.details["scope"], error.details["cap"]) == ("flash_cap_reached", scope, 3)
    if outside is not None:
        await ledger.place_order(order("o3", ("A", 2), **outside), "api")
    assert await sellable(ledger, "A") == (5 if outside else 7)


async def test_channel_allocation_reserves_units_for_that_channel(ledger: Ledger) -> None:
    await ledger.set_policy("A", "allocation", 4, "ops", scope="douyin")
    error = await refusal(ledger.place_order(order("o1", ("A", 7), channel="taobao"), "api"))
    assert error.details["available"] == 6
    await ledger.place_order(order("o2", ("A", 6), channel="taobao"), "api")
    assert (await refusal(ledger.place_order(order("o3", ("A", 1), channel="site"), "api"))).code == (
        "insufficient_stock")
    await ledger.place_order(order("o4", ("A", 4), channel="douyin"), "api")
    assert await sellable(ledger, "A") == 0


async def test_holds_count_against_their_channels_allocation(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.set_policy("A", "allocation", 4, "ops", scope="douyin")
    await ledger.place_hold(hold("h1", "A", 4, ttl_seconds=60), "api")
    # The hold uses up douyin's share: douyin gets no more, and the other 6 units stay open to everyone else.
    assert (await refusal(ledger.place_hold(hold("h2", "A", 1), "api"))).details["available"] == 0
    assert (await ledger.detail("A")).channel_held == {"douyin": 4}
    await ledger.place_hold(hold("h3", "A", 6, channel="taobao"), "api")
    await ledger.release_hold("h3", "api")
    clock.advance(60)  # h1 expires on the next read and gives douyin its share back
    await ledger.place_hold(hold("h4", "A", 4), "api")
    await ledger.confirm_hold("h4", "o1", "api")
    detail = await ledger.detail("A")
    assert (detail.channel_held, detail.channel_sold, detail.holds) == ({}, {"douyin": 4}, {})
    assert (await refusal(ledger.place_order(order("o2", ("A", 1)), "api"))).details["available"] == 0


async def test_a_catalog_reset_keeps_counting_shipments_in_transit(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.add_incoming("A", "ship-1", 5, int(clock()) + 1000, "ops")
    await ledger.upsert_skus([("A", "P1", 10, 0)], "ops", reset=True)
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and stock.incoming == 5
    await ledger.receive_incoming("A", "ship-1", "ops")
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.incoming, stock.on_hand) == (0, 15)


async def test_count_correction_with_a_stale_expected_count_changes_nothing(ledger: Ledger) -> None:
    await ledger.place_order(order("o1", ("A", 2)), "api")
    before_detail, before_moves = await ledger.detail("A"), await ledger.movements()
    error = await refusal(ledger.correct_count("A", 5, "ops", expected_stock=10, reason="recount"))
    assert isinstance(error, Conflict)
    assert (error.code, error.details["actual"]) == ("stale_count", 8)
    assert (await ledger.detail("A"), await ledger.movements()) == (before_detail, before_moves)
    done = await ledger.correct_count("A", 5, "ops", expected_stock=8, reason="recount")
    assert (done.delta, done.sellable) == (-3, 5)
    stock = (await ledger.detail("A")).stock
    assert (stock.on_hand, stock.sold, stock.stock) == (7, 2, 5)


async def test_incoming_stock_counts_only_once_received(ledger: Ledger, clock: ManualClock) -> None:
    await ledger.add_incoming("A", "ship-1", 5, int(clock()) + 86_400_000, "ops")
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.incoming, stock.sellable) == (5, 10)
    assert (await ledger.receive_incoming("A", "ship-1", "ops")).received == 5
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.incoming, stock.sellable, stock.on_hand) == (0, 15, 15)
    with pytest.raises(NotFound):
        await ledger.receive_incoming("A", "ship-1", "ops")


async def test_every_movement_says_who_what_why_before_and_after(ledger: Ledger, clock: ManualClock) -> None:
    start = len(await ledger.movements())
    await ledger.place_order(order("o1", ("A", 2), stream="live-1"), "api:key1")
    await ledger.place_hold(hold("h1", "A", 3), "api:key1")
    await ledger.release_hold("h1", "api:key1")
    await ledger.cancel_order("o1", "ops:lin", reason="fraud")
    await ledger.restock("A", 4, "ops:lin", reason="found a box")
    await ledger.correct_count("A", 12, "ops:lin", expected_stock=14, reason="recount")
    await ledger.set_policy("A", "safety_stock", 2, "ops:lin")
    await ledger.add_incoming("A", "ship-1", 6, int(clock()) + 1000, "ops:lin")
    await ledger.receive_incoming("A", "ship-1", "ops:lin")
    seen = [(m["type"], m["actor"], m["qty"], m["before"], m["after"], m.get("ref", m.get("reason")))
            for _, m in (await ledger.movements())[start:]]
    assert seen == [
        ("sale", "api:key1", "-2", "10", "8", "o1"),
        ("hold", "api:key1", "-3", "8", "5", "h1"),
        ("release", "api:key1", "3", "5", "8", "h1"),
        ("cancel", "ops:lin", "2", "8", "10", "o1"),
        ("restock", "ops:lin", "4", "10", "14", "found a box"),
        ("correction", "ops:lin", "-2", "14", "12", "recount"),
        ("policy", "ops:lin", "0", "12", "10", "safety_stock =2"),
        ("incoming", "ops:lin", "6", "10", "10", "ship-1"),
        ("restock", "ops:lin", "6", "10", "16", "ship-1"),
    ]
    sale = (await ledger.movements())[start][1]
    assert (sale["sku"], sale["product"], sale["buyer"], sale["channel"], sale["stream"]) == (
        "A", "P1", "ana", "douyin", "live-1")
