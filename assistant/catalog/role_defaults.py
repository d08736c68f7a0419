"""Policies a product's role brings by default: a traffic item (引流款, priced to pull viewers in) gets a
per-buyer limit and a flash-sale cap, so one buyer or one flash burst cannot take it all.

Applied only to SKUs a load creates or resets: a reload never undoes what ops changed since (they can lift
or change both from the ops console, the board or the API). Each default is a ledger write under an op id
derived from the load's own: a load sent again under its Idempotency-Key (its answer lost) finds its SKUs
"created" in the journal again, and its defaults answered from the journal too, not written a second time
over what ops changed in between.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.catalog.models import Catalog
from assistant.ledger.service import Ledger

ACTOR = "catalog:role-defaults"


async def apply_role_defaults(ledger: Ledger, catalog: Catalog, fresh_skus: Iterable[str], *, buyer_limit: int,
                              flash_cap_ratio: float, load_op: str) -> int:
    """Sets the traffic defaults on the fresh SKUs (once per load op); returns how many policies were set."""
    fresh = set(fresh_skus)
    count = 0
    for product in catalog.products:
        if product.role != "traffic":
            continue
        for variant in product.variants:
            if variant.sku not in fresh:
                continue
            if buyer_limit > 0:
                await ledger.set_policy(variant.sku, "buyer_limit", buyer_limit, ACTOR,
                                        op_id=f"{load_op}:role-default:buyer_limit")
                count += 1
            if flash_cap_ratio > 0:
                cap = max(1, int(flash_cap_ratio * max(0, variant.on_hand - variant.safety_stock)))
                await ledger.set_policy(variant.sku, "flash_cap", cap, ACTOR, scope="*",
                                        op_id=f"{load_op}:role-default:flash_cap")
                count += 1
    return count
