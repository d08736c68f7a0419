"""`bench memory`'s measurement on a real Redis: the used_memory growth of a few orders and comments sent through
the app, split by kind of key. No size is asserted beyond what the work must have written."""

from __future__ import annotations

from pathlib import Path

from assistant.bench.memory import comments, key_kind, orders, scenario
from assistant.infra.embedded_redis import EmbeddedRedis


def test_keys_are_grouped_by_their_shape() -> None:
    assert key_kind("sa:{b3}:order:mem-1-2") == "sa:{b}:order"
    assert key_kind("sa:{b0}:compact-due") == "sa:{b}:compact-due"
    assert key_kind("sa:{b0}:HD-101-BLK-S:buyers") == "sa:{b}:<sku>:buyers"
    assert key_kind("sa:comments:{live-1}:result:c9") == "sa:comments:{*}:result:*"


async def test_orders_and_comments_grow_memory_where_they_write(redis_server: EmbeddedRedis, tmp_path: Path) -> None:
    sold = await scenario(redis_server.url, tmp_path / "orders", 16, 40, orders(40, 3), compact=True)
    assert sold["key_bytes_per_1000"] > 0  # used_memory of 40 orders is within the allocator's noise
    assert {"sa:{b}:order", "sa:{b}:oclaim", "sa:{b}:hold", "sa:{b}:movements"} <= set(sold["by_kind_bytes_per_1000"])
    # once final, an order's record is compacted to what a replay needs
    assert sold["after_compaction"]["by_kind_bytes_per_1000"].get("sa:{b}:order", 0) < sold["by_kind_bytes_per_1000"][
        "sa:{b}:order"]
    assert sold["buyer_counts"]["keys"] == sold["buyer_counts"]["with_ttl"] > 0  # they expire with the sale
    said = await scenario(redis_server.url, tmp_path / "comments", 1, 40, comments(40))
    assert "sa:asks:{*}" in said["by_kind_bytes_per_1000"] and said["key_bytes_per_1000"] > 0
