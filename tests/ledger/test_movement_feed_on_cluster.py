"""The movement feed's checks on the 3-master Redis Cluster: one XREAD per stream, a poll for the wait."""

from __future__ import annotations

import pytest

from assistant.ledger.service import Ledger
from tests.ledger import test_ledger_buckets as on_buckets
from tests.ledger.test_movement_feed import (  # noqa: F401  (collected here again, on the cluster)
    test_a_blocking_read_wakes_for_a_sale_outside_the_first_bucket,
    test_a_saved_position_resumes_each_stream_and_pages_through_what_lies_between,
)
from tests.support.on_cluster import bucketed_ledger_on_cluster, cluster_as_redis  # noqa: F401  (the cluster in place of one Redis)

pytestmark = pytest.mark.cluster


async def test_sales_of_every_bucket_are_read_once_on_the_cluster(ledger: Ledger) -> None:
    from assistant.ledger.feed import MovementFeed

    feed = MovementFeed.of(ledger)
    start = await feed.latest()
    for order_id, sku in [("o-a", "A1"), ("o-b", "B1"), ("o-d", "D1")]:
        await ledger.place_order(on_buckets.order(order_id, (sku, 1)), "api")
    batch = await feed.read(start)
    # Each stream's own order; across masters' clocks the merge may interleave differently.
    assert sorted((f["sku"], f["ref"]) for _, f in batch.entries() if f.get("type") == "sale") == [
        ("A1", "o-a"), ("B1", "o-b"), ("D1", "o-d")]
    assert not await feed.read(batch.advance(start))
