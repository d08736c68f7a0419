"""The ledger on a real 3-master Redis Cluster: every script in one slot, orders spanning buckets on different
masters all or nothing, and a master killed with SIGKILL and restarted on its AOF loses no acknowledged sale.

The bucket checks are the ones of test_ledger_buckets.py, run here against the cluster (with 4 buckets, P-A's
SKUs sit on one master, P-B's on another, P-D's on the third).
"""

from __future__ import annotations

import asyncio

import pytest

from assistant.errors import AppError
from assistant.ledger import keys
from assistant.ledger.service import Ledger
from tests.ledger import test_ledger_buckets as on_buckets
from tests.ledger.test_ledger_buckets import (  # noqa: F401  (collected here again, on the cluster)
    test_a_bundle_whose_components_sit_in_different_buckets_is_all_or_nothing,
    test_a_crash_after_the_decision_is_rolled_forward_by_the_sweeper,
    test_a_crash_between_hold_and_confirm_leaves_nothing_sold_or_held_after_the_ttl,
    test_a_customer_hold_across_buckets_confirms_as_one_order,
    test_a_hold_across_buckets_whose_confirm_is_refused_stays_held_whole,
    test_a_products_skus_share_a_bucket_and_products_spread,
    test_an_order_across_buckets_sells_every_line_once_and_cancels_back,
    test_an_order_with_one_line_short_changes_nothing_and_is_refused_again,
    test_cancelling_an_order_refused_across_buckets_is_refused_as_for_one_bucket,
    test_each_skus_history_holds_its_movements_of_an_order_across_buckets,
    test_the_same_order_id_with_other_lines_is_a_conflict_on_every_path,
)
from tests.support.on_cluster import bucketed_ledger_on_cluster, cluster_as_redis  # noqa: F401  (the cluster in place of one Redis)
from tests.support.redis_cluster import LocalCluster, cluster_client

pytestmark = pytest.mark.cluster


async def test_the_buckets_of_one_order_sit_on_three_masters(redis_cluster: LocalCluster, ledger: Ledger) -> None:
    where = await ledger.placement.buckets(["A1", "B1", "D1"])
    slots = [await ledger.redis.cluster_keyslot(keys.movements(bucket)) for bucket in where.values()]
    assert len({redis_cluster.master_for_slot(slot) for slot in slots}) == 3


async def test_the_last_units_race_sells_each_unit_once(ledger: Ledger) -> None:
    """Buyers of a bundle (components on two masters) and of its components race for the last units."""
    lines = [(f"race-{i}", ("GIFT", 1) if i % 3 == 0 else ("B1", 1) if i % 3 == 1 else ("A1", 1)) for i in range(60)]
    answers = await asyncio.gather(*(_try(ledger, order_id, line) for order_id, line in lines), return_exceptions=False)
    stocks = await ledger.read(["A1", "B1"])
    a1, b1 = stocks["A1"], stocks["B1"]
    assert a1 is not None and b1 is not None
    assert a1.sold <= 10 and b1.sold <= 4  # B1: 5 on hand, 1 safety
    accepted = [line for (_, line), ok in zip(lines, answers, strict=True) if ok]
    assert b1.sold == sum(2 if sku == "GIFT" else 1 for sku, _ in accepted if sku in ("GIFT", "B1"))
    assert a1.sold == sum(1 for sku, _ in accepted if sku in ("GIFT", "A1"))
    assert (a1.held, b1.held) == (0, 0)


async def _try(ledger: Ledger, order_id: str, line: tuple[str, int]) -> bool:
    try:
        await ledger.place_order(on_buckets.order(order_id, line), "api")
        return True
    except AppError as error:
        assert error.code in ("insufficient_stock",), error.code
        return False


async def test_a_master_killed_and_restarted_on_its_aof_keeps_every_acknowledged_order(
        redis_cluster: LocalCluster, ledger: Ledger) -> None:
    await ledger.restock("A1", 1000, "ops")
    await ledger.restock("D1", 1000, "ops")
    sent = [on_buckets.order(f"k-{i}", ("A1", 1), ("D1", 1)) if i % 2 else on_buckets.order(f"k-{i}", ("A1", 1))
            for i in range(40)]
    first = [await ledger.place_order(request, "api") for request in sent]
    victim = redis_cluster.master_for_key(keys.movements(await ledger.placement.bucket("A1")))
    redis_cluster.kill(victim)
    redis_cluster.restart(victim)
    fresh = Ledger(cluster_client(redis_cluster), clock=ledger.clock, buckets=on_buckets.BUCKETS)  # a restarted worker
    try:
        fresh.layout = ledger.layout
        again = [await fresh.place_order(request, "api") for request in sent]
        assert [a.model_dump() for a in again] == [a.model_dump() for a in first] and all(a.replayed for a in again)
        stocks = await fresh.read(["A1", "D1"])
        assert stocks["A1"] is not None and stocks["A1"].sold == 40
        assert stocks["D1"] is not None and stocks["D1"].sold == 20
    finally:
        await fresh.redis.aclose()
