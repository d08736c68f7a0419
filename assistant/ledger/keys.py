"""Redis key names. Every key of one SKU shares the hash tag {SKU}, so a SKU's verbs stay on one Cluster slot."""

from __future__ import annotations

MOVEMENTS = "sa:movements"


def movement_streams() -> list[str]:
    """Every movement stream a consumer reads (one per ledger bucket once the ledger runs in buckets; see
    docs/CLUSTER.md). Consumers keep one cursor per stream."""
    return [MOVEMENTS]

# The operation journal ("ops", "opsdue") sits in the SKU's block: a verb checks and records its op id in the
# same slot it moves stock in.
_SKU_PARTS = ("v", "holds", "holdqty", "buyers", "caps", "capsold", "alloc", "chsold", "incoming", "ops", "opsdue",
              "wh", "xfers")  # issue 17: the SKU's warehouses and transfers, in its own slot


def sku_block(sku: str) -> list[str]:
    """The SKU's keys in the order the Lua prelude expects (SKU_KEYS of them)."""
    return [f"sa:{{{sku}}}:{part}" for part in _SKU_PARTS]


def sku_key(sku: str, part: str) -> str:
    """One key of the SKU's block by its part name ('holdqty', 'incoming', 'ops' ...)."""
    return sku_block(sku)[_SKU_PARTS.index(part)]


def sku_counters(sku: str) -> str:
    return f"sa:{{{sku}}}:v"


def sku_read_block(sku: str) -> list[str]:
    return sku_block(sku)[:3]


def order(order_id: str) -> str:
    return f"sa:order:{order_id}"


def hold(hold_id: str) -> str:
    return f"sa:hold:{hold_id}"
