"""Redis key names, in buckets: every ledger key is `sa:{b<n>}:...`, so each verb's script touches one Cluster slot.

A bucket holds a product group: a SKU is placed once, at catalog load, in bucket crc32(product id) % BUCKETS, and
that placement is stored (PLACEMENT) so every worker, stalled or restarted, agrees even if the SKU later moves to
another product. Order and hold ids have a home bucket of their own (crc32 of the id): their claim — the record
that an id was used, for which lines, in which buckets, and for an order spanning buckets the coordinator's
durable decision — lives there. See docs/CLUSTER.md.
"""

from __future__ import annotations

from zlib import crc32

# The bucket count of a Ledger built without one (tools, tests). The service's comes from the setting
# STOCK_ASSISTANT_LEDGER_BUCKETS (`auto`: 16 on a Cluster, 1 on one Redis; assistant/config.py), fixed per
# deployment; consumers read `ledger.placement.count` through assistant/ledger/feed.py, never this default.
BUCKETS = 1

# The operation journal ("ops", "opsdue") sits in the SKU's block: a verb checks and records its op id in the
# same slot it moves stock in. "moves" is the SKU's own history (its movements, written by the same scripts), so
# reading one SKU's history never scans the bucket's stream; it is the last key of a read block.
_SKU_PARTS = ("v", "holds", "holdqty", "moves", "buyers", "caps", "capsold", "alloc", "chsold", "incoming", "ops",
              "opsdue", "wh", "xfers")  # issue 17: the SKU's warehouses and transfers, in its own slot
_READ_PARTS = _SKU_PARTS.index("moves") + 1  # counters, holds, hold qty, history: a read may drop expired holds


def bucket_for(name: str, buckets: int = BUCKETS) -> int:
    """The bucket a product id (or an order/hold id, or an unplaced SKU) hashes to."""
    return crc32(name.encode()) % buckets


def _tag(bucket: int) -> str:
    return f"sa:{{b{bucket}}}"


# sku -> bucket, written once per SKU (HSETNX) at catalog load; in bucket 0 like any other key.
PLACEMENT = f"{_tag(0)}:placement"
# The bucket count the ledger was created with (SETNX on first use): a worker configured otherwise refuses.
BUCKET_COUNT = f"{_tag(0)}:bucket-count"


def movements(bucket: int) -> str:
    return f"{_tag(bucket)}:movements"


def movement_streams(buckets: int = BUCKETS) -> list[str]:
    """Every movement stream a consumer reads, one per bucket. Consumers keep one cursor per stream."""
    return [movements(b) for b in range(buckets)]


# The first bucket's stream: with one bucket (the default) the only one, which today's consumers read.
MOVEMENTS = movements(0)


def sku_block(bucket: int, sku: str) -> list[str]:
    """The SKU's keys in the order the Lua prelude expects (SKU_KEYS of them)."""
    return [f"{_tag(bucket)}:{sku}:{part}" for part in _SKU_PARTS]


def sku_key(bucket: int, sku: str, part: str) -> str:
    """One key of the SKU's block by its part name ('holdqty', 'incoming', 'ops' ...)."""
    return sku_block(bucket, sku)[_SKU_PARTS.index(part)]


def sku_read_block(bucket: int, sku: str) -> list[str]:
    """The block's first keys (counters, holds, hold qty, history), all a read needs; built alone, not sliced."""
    tag = _tag(bucket)
    return [f"{tag}:{sku}:{part}" for part in _SKU_PARTS[:_READ_PARTS]]


def order(bucket: int, order_id: str) -> str:
    """The order's record in one bucket: its lines there (an order spanning buckets has one per bucket)."""
    return f"{_tag(bucket)}:order:{order_id}"


def hold(bucket: int, hold_id: str) -> str:
    return f"{_tag(bucket)}:hold:{hold_id}"


def order_claim(order_id: str, buckets: int) -> str:
    """In the order id's home bucket: fingerprint, buckets, and for a multi-bucket order the decision."""
    return f"{_tag(bucket_for(order_id, buckets))}:oclaim:{order_id}"


def hold_claim(hold_id: str, buckets: int) -> str:
    return f"{_tag(bucket_for(hold_id, buckets))}:hclaim:{hold_id}"


def compact_due(bucket: int) -> str:
    """Accepted order records of this bucket -> when their cancel window ends and they are compacted (ms)."""
    return f"{_tag(bucket)}:compact-due"


def pending(bucket: int) -> str:
    """Multi-bucket orders not yet decided and done whose home is this bucket (id -> when to sweep, ms)."""
    return f"{_tag(bucket)}:pending"
