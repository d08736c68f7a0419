"""Movements of a component as movements of the bundles assembled from it (issue 17).

An assembled bundle has no ledger row and so no movement of its own: when a component moves, each bundle
made with it is observed too, with its sellable composed now, so its card rises, updates and comes back like
any variant's. Its sales are not counted as the bundle's pace (qty 0 on a sale): the component's sale may
have been a single unit.
"""

from __future__ import annotations

from assistant.infra.replies import Entry
from assistant.ledger.service import Ledger


async def with_bundle_moves(ledger: Ledger, fresh: list[Entry]) -> list[Entry]:
    using = ledger.layout.assembled_with
    touched = sorted({b for _, f in fresh for b in using.get(f.get("sku", ""), ())})
    if not touched:
        return fresh
    stocks = await ledger.read(touched)
    out: list[Entry] = []
    for entry_id, fields in fresh:
        out.append((entry_id, fields))
        if "after" not in fields:
            continue
        for bundle in using.get(fields.get("sku", ""), ()):
            stock = stocks.get(bundle)
            if stock is None:
                continue
            qty = "0" if fields.get("type") == "sale" else fields.get("qty", "0")
            out.append((entry_id, {**fields, "sku": bundle, "product": ledger.layout.bundle_products[bundle],
                                   "after": str(stock.sellable), "qty": qty, "component": fields["sku"]}))
    return out
