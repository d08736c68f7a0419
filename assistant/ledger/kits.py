"""Packing pre-packed bundles from their components, and unpacking unsold kits back (issue 17).

A pre-packed bundle (a kit) is sold from its own count; its components' counts are the loose units. Packing N
kits takes qty × N of every component (from their sellable units only: never sold, held or safety units) and adds
N to the kit's count; unpacking gives unsold kits' units back. Each is one script over the kit's block and its
components' blocks: all or nothing, idempotent by op id (journalled in the kit's block), each unit's move in the
movement stream ('pack' / 'unpack'). With warehouses, both happen at one warehouse (default: the kit's first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from assistant.errors import Conflict, InvalidInput, NotFound
from assistant.ledger import keys
from assistant.ledger.answers import KitAnswer

if TYPE_CHECKING:
    from assistant.ledger.service import Ledger

KIT_MAX = 100_000  # kits in one pack or unpack: more is a typo
KitAction = Literal["pack", "unpack"]


class KitLedger:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    async def pack(self, bundle: str, qty: int, actor: str, *, warehouse: str | None = None, reason: str = "",
                   op_id: str | None = None) -> KitAnswer:
        return await self._run("pack_bundle", bundle, qty, actor, warehouse, reason, op_id)

    async def unpack(self, bundle: str, qty: int, actor: str, *, warehouse: str | None = None, reason: str = "",
                     op_id: str | None = None) -> KitAnswer:
        return await self._run("unpack_bundle", bundle, qty, actor, warehouse, reason, op_id)

    async def _run(self, verb: str, bundle: str, qty: int, actor: str, warehouse: str | None, reason: str,
                   op_id: str | None) -> KitAnswer:
        layout = self.ledger.layout
        parts = layout.prepacked.get(bundle)
        if parts is None:
            if bundle in layout.bundles:
                raise Conflict(f"{bundle} is assembled at sale time: it has no kits to pack or unpack",
                               code="not_prepacked", details={"sku": bundle})
            raise NotFound(f"{bundle} is not a pre-packed bundle of the catalog", code="unknown_bundle",
                           details={"sku": bundle})
        if not 0 < qty <= KIT_MAX:
            raise InvalidInput(f"qty: kits to {verb.split('_')[0]}, 1 to {KIT_MAX}", code="invalid_qty")
        if warehouse and warehouse not in layout.warehouse_ids():
            raise NotFound(f"{warehouse} is not a warehouse of the catalog", code="unknown_warehouse",
                           details={"warehouse": warehouse})
        recipe: dict[str, int] = {}
        for part, per in parts:  # one block per component SKU, however the catalog lists it
            recipe[part] = recipe.get(part, 0) + per
        where = await self.ledger.placement.buckets([bundle, *recipe])
        if len(set(where.values())) > 1:  # one script, one Cluster slot: no hold-then-confirm path for kits yet
            raise Conflict(f"{bundle} and its components are in different ledger buckets: packing needs one",
                           code="bundle_spans_buckets", details={"sku": bundle})
        bucket = where[bundle]
        sku_keys = [k for sku in (bundle, *recipe) for k in keys.sku_block(bucket, sku)]
        from assistant.ledger.service import new_op_id  # the service imports this module

        head = self.ledger._head(actor, op_id or new_op_id())  # noqa: SLF001
        args = [*head, bundle, warehouse or "", qty, reason, len(recipe), *[x for part in recipe.items() for x in part]]
        return await self.ledger.run_call(verb, (bucket, sku_keys, args), KitAnswer)
