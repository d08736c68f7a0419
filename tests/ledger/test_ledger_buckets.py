"""The ledger in buckets (Cluster hash tags): a product's SKUs share one, and an order whose lines fall in
different buckets is still all or nothing, replayed as its first answer, and never left half done.

Runs on one real Redis with 4 buckets; tests/ledger/test_ledger_on_cluster.py runs the same checks on a 3-master
Redis Cluster, where each bucket is a slot and the buckets sit on different masters.
"""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.errors import AppError
from assistant.ledger import keys
from assistant.ledger.coordinator import OWN
from assistant.ledger.layout import StockLayout
from assistant.ledger.models import HoldRequest, OrderLine, OrderRequest
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock

BUCKETS = 4
# With 4 buckets, P-A's SKUs are in bucket 3, P-B's in 1, P-D's in 0 (crc32 of the product id).
ROWS = [("A1", "P-A", 10, 0), ("A2", "P-A", 10, 0), ("B1", "P-B", 5, 1), ("D1", "P-D", 3, 0)]


def order(order_id: str, *lines: tuple[str, int], buyer: str = "ana") -> OrderRequest:
    return OrderRequest(order_id=order_id, channel="douyin", buyer_id=buyer,
                        lines=[OrderLine(sku=sku, qty=qty) for sku, qty in lines])


async def bucketed_ledger(redis: Redis, clock: ManualClock) -> Ledger:
    ledger = Ledger(redis, clock=clock, buckets=BUCKETS, cross_hold_ttl_seconds=60)
    ledger.layout = StockLayout(bundles={"GIFT": (("A1", 1), ("B1", 2))}, bundle_products={"GIFT": "P-G"})
    await ledger.upsert_skus(ROWS, "ops", reset=True)
    return ledger


@pytest.fixture
async def ledger(redis: Redis, clock: ManualClock) -> Ledger:
    return await bucketed_ledger(redis, clock)


async def figures(ledger: Ledger) -> dict[str, tuple[int, int]]:
    """(sold, held) per SKU."""
    stocks = await ledger.read([sku for sku, *_ in ROWS])
    return {sku: (s.sold, s.held) for sku, s in stocks.items() if s}


async def test_a_products_skus_share_a_bucket_and_products_spread(ledger: Ledger) -> None:
    where = await ledger.placement.buckets(["A1", "A2", "B1", "D1"])
    assert where["A1"] == where["A2"] and len({where["A1"], where["B1"], where["D1"]}) == 3
    # a second worker (a restart) finds them where they are, from the stored placement
    assert await Ledger(ledger.redis, buckets=BUCKETS).placement.buckets(["A1", "B1"]) == {
        "A1": where["A1"], "B1": where["B1"]}


async def test_an_order_across_buckets_sells_every_line_once_and_cancels_back(ledger: Ledger) -> None:
    answer = await ledger.place_order(order("o-1", ("A1", 2), ("B1", 1), ("D1", 3)), "api")
    assert answer.status == "accepted" and {(line.sku, line.qty) for line in answer.lines} == {
        ("A1", 2), ("B1", 1), ("D1", 3)}
    assert await figures(ledger) == {"A1": (2, 0), "A2": (0, 0), "B1": (1, 0), "D1": (3, 0)}
    again = await ledger.place_order(order("o-1", ("A1", 2), ("B1", 1), ("D1", 3)), "api")
    assert again == answer and again.replayed
    assert await figures(ledger) == {"A1": (2, 0), "A2": (0, 0), "B1": (1, 0), "D1": (3, 0)}
    record = await ledger.order("o-1")
    assert record is not None and sorted(line["sku"] for line in record["lines"]) == ["A1", "B1", "D1"]
    assert (await ledger.cancel_order("o-1", "api")).changed is True
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}


async def test_an_order_with_one_line_short_changes_nothing_and_is_refused_again(ledger: Ledger) -> None:
    with pytest.raises(AppError) as refused:
        await ledger.place_order(order("o-2", ("A1", 2), ("D1", 4)), "api")  # D1 has 3
    assert refused.value.code == "insufficient_stock" and refused.value.details["sku"] == "D1"
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}
    await ledger.restock("D1", 5, "ops")
    with pytest.raises(AppError) as again:  # the first answer stands, even now that it would fit
        await ledger.place_order(order("o-2", ("A1", 2), ("D1", 4)), "api")
    assert again.value.code == "insufficient_stock"
    assert (await figures(ledger))["A1"] == (0, 0)


async def test_cancelling_an_order_refused_across_buckets_is_refused_as_for_one_bucket(ledger: Ledger) -> None:
    """The state machine on the cluster found it: a refused multi-bucket order has no order record, only its
    aborted claim, and its cancel answered 404 order_not_found where a refused one-bucket order answers 409."""
    for order_id, lines in (("o-9", [("A1", 11)]), ("o-10", [("A1", 1), ("D1", 4)])):
        with pytest.raises(AppError):
            await ledger.place_order(order(order_id, *lines), "api")
        with pytest.raises(AppError) as refused:
            await ledger.cancel_order(order_id, "ops")
        assert (refused.value.status_code, refused.value.code) == (409, "order_not_accepted"), order_id
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}


async def test_the_same_order_id_with_other_lines_is_a_conflict_on_every_path(ledger: Ledger) -> None:
    await ledger.place_order(order("o-3", ("A1", 1)), "api")  # one bucket
    for other in (order("o-3", ("B1", 1)), order("o-3", ("A1", 1), ("D1", 1)), order("o-3", ("A1", 2))):
        with pytest.raises(AppError) as conflict:
            await ledger.place_order(other, "api")
        assert conflict.value.code == "idempotency_conflict"
    await ledger.place_order(order("o-4", ("A1", 1), ("D1", 1)), "api")  # several buckets
    for other in (order("o-4", ("A1", 1)), order("o-4", ("B1", 1), ("D1", 1))):
        with pytest.raises(AppError) as conflict:
            await ledger.place_order(other, "api")
        assert conflict.value.code == "idempotency_conflict"
    assert await figures(ledger) == {"A1": (2, 0), "A2": (0, 0), "B1": (0, 0), "D1": (1, 0)}


async def test_a_crash_between_hold_and_confirm_leaves_nothing_sold_or_held_after_the_ttl(
        ledger: Ledger, clock: ManualClock) -> None:
    request = order("o-5", ("A1", 2), ("B1", 1))
    groups = await ledger.placement.group(request.merged_lines())
    claim_key = keys.order_claim("o-5", BUCKETS)
    await ledger.coordinator.claim(claim_key, request.fingerprint(), list(groups), "holding", what="order",
                                   hold="o-5" + OWN, own=True)
    for bucket, lines in groups.items():  # the worker holds every bucket's lines, then dies before deciding
        await ledger.hold_in(bucket, "o-5" + OWN, request, lines, 60_000, "api", fp=f"{claim_key}:{bucket}")
    assert await figures(ledger) == {"A1": (0, 2), "A2": (0, 0), "B1": (0, 1), "D1": (0, 0)}
    clock.advance(61)
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}  # no sweeper yet
    assert await ledger.sweep() == 1
    with pytest.raises(AppError) as late:  # the buyer's retry learns the order was not completed
        await ledger.place_order(request, "api")
    assert late.value.code == "order_timed_out"
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 0), "B1": (0, 0), "D1": (0, 0)}
    assert await ledger.sweep() == 0


async def test_a_crash_after_the_decision_is_rolled_forward_by_the_sweeper(ledger: Ledger, clock: ManualClock) -> None:
    request = order("o-6", ("A1", 1), ("D1", 2))
    groups = await ledger.placement.group(request.merged_lines())
    claim_key = keys.order_claim("o-6", BUCKETS)
    await ledger.coordinator.claim(claim_key, request.fingerprint(), list(groups), "holding", what="order",
                                   hold="o-6" + OWN, own=True)
    for bucket, lines in groups.items():
        await ledger.hold_in(bucket, "o-6" + OWN, request, lines, 60_000, "api", fp=f"{claim_key}:{bucket}")
    assert (await ledger.coordinator.decide(claim_key, "committed"))[0] == "committed"
    clock.advance(31)  # past the decision's deadline, the holds still live
    assert await ledger.sweep() == 1
    assert await figures(ledger) == {"A1": (1, 0), "A2": (0, 0), "B1": (0, 0), "D1": (2, 0)}
    answer = await ledger.place_order(request, "api")
    assert answer.status == "accepted" and answer.replayed


async def test_a_bundle_whose_components_sit_in_different_buckets_is_all_or_nothing(ledger: Ledger) -> None:
    await ledger.place_order(order("g-1", ("GIFT", 2)), "api")  # 2 x A1 and 4 x B1 (B1 sellable 4)
    assert await figures(ledger) == {"A1": (2, 0), "A2": (0, 0), "B1": (4, 0), "D1": (0, 0)}
    with pytest.raises(AppError) as refused:
        await ledger.place_order(order("g-2", ("GIFT", 1)), "api")
    assert refused.value.code == "insufficient_stock"
    assert await figures(ledger) == {"A1": (2, 0), "A2": (0, 0), "B1": (4, 0), "D1": (0, 0)}
    assert (await ledger.read(["GIFT"]))["GIFT"].sellable == 0  # type: ignore[union-attr]


async def test_a_customer_hold_across_buckets_confirms_as_one_order(ledger: Ledger) -> None:
    hold = HoldRequest(hold_id="h-1", channel="site", buyer_id="bob",
                       lines=[OrderLine(sku="A2", qty=3), OrderLine(sku="D1", qty=1)])
    held = await ledger.place_hold(hold, "api")
    assert {(line.sku, line.qty) for line in held.lines} == {("A2", 3), ("D1", 1)}
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 3), "B1": (0, 0), "D1": (0, 1)}
    confirmed = await ledger.confirm_hold("h-1", "o-7", "api")
    assert confirmed.status == "accepted" and confirmed.hold_id == "h-1"
    assert await ledger.confirm_hold("h-1", "o-7", "api") == confirmed
    assert await figures(ledger) == {"A1": (0, 0), "A2": (3, 0), "B1": (0, 0), "D1": (1, 0)}

    short = HoldRequest(hold_id="h-2", channel="site", buyer_id="bob",
                        lines=[OrderLine(sku="A2", qty=1), OrderLine(sku="D1", qty=5)])
    with pytest.raises(AppError):
        await ledger.place_hold(short, "api")
    assert await figures(ledger) == {"A1": (0, 0), "A2": (3, 0), "B1": (0, 0), "D1": (1, 0)}
    third = HoldRequest(hold_id="h-3", channel="site", buyer_id="bob",
                        lines=[OrderLine(sku="A2", qty=1), OrderLine(sku="B1", qty=1)])
    await ledger.place_hold(third, "api")
    assert (await ledger.release_hold("h-3", "api")).changed is True
    assert await figures(ledger) == {"A1": (0, 0), "A2": (3, 0), "B1": (0, 0), "D1": (1, 0)}


async def test_a_hold_across_buckets_whose_confirm_is_refused_stays_held_whole(ledger: Ledger) -> None:
    """As on one bucket: a count correction left too few units of one line, so the confirm is refused, and the
    buyer's hold keeps every line (the other bucket's part is not sold and given back) and the order id is free."""
    hold = HoldRequest(hold_id="h-4", channel="site", buyer_id="ana",
                       lines=[OrderLine(sku="A2", qty=1), OrderLine(sku="D1", qty=1)])
    await ledger.place_hold(hold, "api")
    await ledger.correct_count("D1", 0, "ops")
    with pytest.raises(AppError) as refused:
        await ledger.confirm_hold("h-4", "o-9", "api")
    assert refused.value.code == "insufficient_stock"
    assert await figures(ledger) == {"A1": (0, 0), "A2": (0, 1), "B1": (0, 0), "D1": (0, 1)}
    await ledger.correct_count("D1", 5, "ops")
    confirmed = await ledger.confirm_hold("h-4", "o-9", "api")  # the same id, once there is stock again
    assert confirmed.status == "accepted"
    assert await figures(ledger) == {"A1": (0, 0), "A2": (1, 0), "B1": (0, 0), "D1": (1, 0)}


async def test_each_skus_history_holds_its_movements_of_an_order_across_buckets(ledger: Ledger) -> None:
    """The per-SKU history is written in each SKU's own bucket (slot), by the verb's script there."""
    await ledger.place_order(order("o-8", ("A1", 1), ("B1", 1)), "api")
    await ledger.restock("D1", 2, "ops")
    a1, b1, d1 = [await ledger.sku_history(sku, limit=10) for sku in ("A1", "B1", "D1")]
    # held, then the hold confirmed into the sale (coordinator.py)
    assert [(m["type"], m.get("ref")) for m in a1] == [("sale", "o-8"), ("hold", "o-8" + OWN), ("load", None)]
    assert [m["type"] for m in b1] == ["sale", "hold", "load"]
    assert [m["type"] for m in d1] == ["restock", "load"]
