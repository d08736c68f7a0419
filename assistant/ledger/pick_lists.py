"""Pick lists per warehouse, from the allocation the ledger recorded with each order line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.catalog.locations import DEFAULT_WAREHOUSE
from assistant.catalog.models import Catalog


def order_pick_lists(order_id: str, record: dict[str, Any], catalog: Catalog) -> list[dict[str, Any]]:
    return pick_lists(((order_id, line) for line in record.get("lines", [])), catalog)


def pick_lists(lines: Iterable[tuple[str, dict[str, Any]]], catalog: Catalog) -> list[dict[str, Any]]:
    """(order id, stored line) pairs grouped by the warehouse that ships each part, warehouses in catalog order."""
    by_warehouse: dict[str, list[dict[str, Any]]] = {}
    for order_id, line in lines:
        for part in line.get("alloc") or [{"warehouse": DEFAULT_WAREHOUSE, "qty": line["qty"]}]:
            by_warehouse.setdefault(part["warehouse"], []).append(
                {"sku": line["sku"], "qty": int(part["qty"]), "order_id": order_id})
    rank = {w.id: i for i, w in enumerate(catalog.warehouses)}
    out = []
    for warehouse in sorted(by_warehouse, key=lambda w: (rank.get(w, len(rank)), w)):
        found = catalog.warehouse(warehouse)
        rows = by_warehouse[warehouse]
        out.append({"warehouse": warehouse, "name": found.display_name if found else warehouse,
                    "lines": rows, "units": sum(r["qty"] for r in rows)})
    return out
