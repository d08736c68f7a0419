"""Which warehouses an order line is drawn from (the rule of docs/WAREHOUSES.md).

The service works out, per order, the warehouses the buyer's channel and region may draw from and the order
to try them in; the ledger script then takes the units atomically by `allocate`'s rule (mirrored here in plain
Python for the model tests and the ops answers):

1. eligible: the warehouse serves the buyer's region (or every region) and the order's channel (or every one);
2. ordered by priority (lower first), then nearest region (the buyer's own region, then a region listed as
   near, then the rest), then shorter lead time, then id;
3. one warehouse ships the whole line when any can: the first in that order with enough;
4. otherwise, when split is allowed, the line is split across the warehouses that allow splitting, taken in
   that order; a line no warehouse set can fill is refused (insufficient_stock), nothing taken.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.catalog.locations import Region, Warehouse

FAR = 2


@dataclass(frozen=True)
class AllocationPlan:
    region: str
    order: tuple[str, ...]  # eligible warehouse ids, in the order they are drawn from
    splittable: tuple[str, ...]  # those that may ship part of a line
    warehoused: bool = True  # False: the catalog names no warehouse (one implicit warehouse)

    def argument(self, bundles: str = "") -> str:
        """The plan as the ledger scripts read it (their last argument); bundles: "SET-1:2" for the record."""
        return json.dumps({"region": self.region, "order": list(self.order), "split": list(self.splittable),
                           "warehoused": self.warehoused, "bundles": bundles}, separators=(",", ":"))


def distance(warehouse_region: str | None, buyer_region: str, regions: Mapping[str, Region]) -> int:
    if not buyer_region or not warehouse_region:
        return 0 if not buyer_region else FAR
    if warehouse_region == buyer_region:
        return 0
    near = set(regions[buyer_region].near) if buyer_region in regions else set()
    near_back = warehouse_region in regions and buyer_region in regions[warehouse_region].near
    return 1 if warehouse_region in near or near_back else FAR


def plan_for(warehouses: Iterable[Warehouse], regions: Mapping[str, Region], *, channel: str = "",
             region: str = "") -> AllocationPlan:
    listed = list(warehouses)
    eligible = [w for w in listed if w.serves_region(region) and w.serves_channel(channel)]
    eligible.sort(key=lambda w: (w.priority, distance(w.region, region, regions), w.lead_hours, w.id))
    return AllocationPlan(region=region, order=tuple(w.id for w in eligible),
                          splittable=tuple(w.id for w in eligible if w.split), warehoused=bool(listed))


def allocate(plan: AllocationPlan, available: Mapping[str, int], qty: int) -> list[tuple[str, int]] | None:
    """The warehouses and units a line of qty takes given each warehouse's sellable units; None: refused."""
    for warehouse in plan.order:
        if available.get(warehouse, 0) >= qty:
            return [(warehouse, qty)]
    taken: list[tuple[str, int]] = []
    left = qty
    for warehouse in plan.order:
        if left == 0:
            break
        if warehouse in plan.splittable and available.get(warehouse, 0) > 0:
            units = min(left, available[warehouse])
            taken.append((warehouse, units))
            left -= units
    return taken if left == 0 else None


def reachable(plan: AllocationPlan, available: Mapping[str, int]) -> int:
    """The most units one line can take under the plan: what a buyer in that region may be told is sellable."""
    single = max((available.get(w, 0) for w in plan.order), default=0)
    return max(single, sum(available.get(w, 0) for w in plan.splittable))
