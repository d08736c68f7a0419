"""Stock per warehouse, transfers between warehouses and regional figures of the ledger (issue 17).

Every call is one script on one SKU's block (its warehouses and transfers live there, one Redis Cluster slot).
The figures answer ops and pages: per warehouse on hand, safety, sold, on holds, sellable, incoming.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.catalog.locations import DEFAULT_WAREHOUSE
from assistant.errors import InvalidInput, NotFound
from assistant.ledger import keys, outcomes
from assistant.ledger.allocation import reachable
from assistant.ledger.answers import TransferAnswer, WarehouseStockAnswer
from assistant.ledger.channel_stock import channel_allowances
from assistant.ledger.models import SkuStock

if TYPE_CHECKING:
    from assistant.ledger.service import Ledger

ACTIONS = ("restock", "count", "safety")
TRANSFER_STATES = ("proposed", "expired", "in_transit", "received", "cancelled")


@dataclass(frozen=True)
class WarehouseFigure:
    warehouse: str
    on_hand: int
    safety_stock: int
    sold: int
    held: int
    incoming: int  # transfers on their way here

    @property
    def sellable(self) -> int:
        return max(0, self.on_hand - self.safety_stock - self.sold - self.held)

    @property
    def stock(self) -> int:
        """Units on the shelf (sold ones gone): what a count of this warehouse should find."""
        return self.on_hand - self.sold

    def public(self) -> dict[str, Any]:
        return {**asdict(self), "sellable": self.sellable, "stock": self.stock}


class WarehouseLedger:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    # --- stock at one warehouse --------------------------------------------------------------------
    async def adjust(self, sku: str, warehouse: str, action: str, qty: int, actor: str, *,
                     expected: int | None = None, reason: str = "",
                     op_id: str | None = None) -> WarehouseStockAnswer:
        """restock (add qty), count (the shelf now holds qty), safety (hold qty back) at one warehouse."""
        if action not in ACTIONS:
            raise InvalidInput(f"action: must be one of {', '.join(ACTIONS)}", code="unknown_action")
        if qty < 0 or (action == "restock" and qty == 0):
            raise InvalidInput("qty: must be a positive number of units", code="invalid_qty")
        if self.ledger.layout.warehouses and warehouse not in {w.id for w in self.ledger.layout.warehouses}:
            raise NotFound(f"{warehouse} is not a warehouse of the catalog", code="unknown_warehouse",
                           details={"warehouse": warehouse})
        return await self.ledger.sku_verb("stock_warehouse", WarehouseStockAnswer, sku, actor, op_id,
                                          action, warehouse, qty, "" if expected is None else expected, reason, "")

    async def load(self, rows: Sequence[tuple[str, list[dict[str, Any]]]], actor: str, op_id: str) -> None:
        """A catalog load's rows per warehouse, for the SKUs it created or reset: pipelined, once per op."""
        where = await self.ledger.placement.buckets([sku for sku, _ in rows])
        head = self.ledger._head(actor, f"{op_id}.wh")  # noqa: SLF001
        calls = [("stock_warehouse", where[sku], keys.sku_block(where[sku], sku),
                  [*head, sku, "load", "", 0, "", "", json.dumps(stock)]) for sku, stock in rows]
        for raw in await self.ledger.batch(calls):
            if outcomes.refused(raw):
                raise RuntimeError(f"warehouse load refused: {raw[1]!r}")

    # --- transfers -------------------------------------------------------------------------------
    async def propose_transfer(self, sku: str, source: str, target: str, qty: int, eta_ms: int, actor: str, *,
                               transfer_id: str | None = None, note: str = "", expires_ms: int = 0,
                               op_id: str | None = None) -> TransferAnswer:
        """expires_ms: after it (ledger clock) a confirm is refused, transfer_expired; 0: the proposal waits."""
        if source == target:
            raise InvalidInput("to: a transfer goes to another warehouse", code="same_warehouse")
        if qty <= 0:
            raise InvalidInput("qty: a transfer moves at least one unit", code="invalid_qty")
        known = {w.id for w in self.ledger.layout.warehouses}
        for field, warehouse in (("from", source), ("to", target)):
            if warehouse not in known:
                raise InvalidInput(f"{field}: {warehouse} is not a warehouse of the catalog", code="unknown_warehouse")
        tid = transfer_id or f"T{secrets.token_hex(4)}"
        return await self.ledger.sku_verb("transfer_propose", TransferAnswer, sku, actor, op_id,
                                          tid, source, target, qty, eta_ms, note, expires_ms)

    async def confirm_transfer(self, sku: str, transfer_id: str, actor: str, *,
                               op_id: str | None = None) -> TransferAnswer:
        return await self.ledger.sku_verb("transfer_confirm", TransferAnswer, sku, actor,
                                          op_id or f"confirm.{transfer_id}", transfer_id)

    async def receive_transfer(self, sku: str, transfer_id: str, actor: str, *,
                               op_id: str | None = None) -> TransferAnswer:
        return await self.ledger.sku_verb("transfer_receive", TransferAnswer, sku, actor,
                                          op_id or f"receive.{transfer_id}", transfer_id)

    async def cancel_transfer(self, sku: str, transfer_id: str, actor: str, reason: str = "", *,
                              op_id: str | None = None) -> TransferAnswer:
        return await self.ledger.sku_verb("transfer_cancel", TransferAnswer, sku, actor, op_id,
                                          transfer_id, reason)

    async def transfers(self, skus: Sequence[str]) -> list[dict[str, Any]]:
        """Every transfer of these SKUs, newest first; a proposal past its expiry as 'expired' (a confirm of it
        is refused, so it is no longer waiting for one)."""
        where = await self.ledger.placement.buckets(skus)
        pipe = self.ledger.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.hvals(keys.sku_key(where[sku], sku, "xfers"))
        found = [json.loads(raw) for rows in await pipe.execute() for raw in rows]
        now = self.ledger.clock()
        for transfer in found:
            if transfer["status"] == "proposed" and 0 < int(transfer.get("expires_ms") or 0) < now:
                transfer["status"] = "expired"
        return sorted(found, key=lambda t: t.get("proposed_at", 0), reverse=True)

    # --- figures ---------------------------------------------------------------------------------
    async def figures(self, skus: Sequence[str]) -> dict[str, list[WarehouseFigure]]:
        """Each SKU's warehouses (priority order). A SKU of a catalog without warehouses has one, 'default'."""
        stocks = await self.ledger.read(list(skus))  # drops expired holds first
        where = await self.ledger.placement.buckets(skus)
        pipe = self.ledger.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.hgetall(keys.sku_key(where[sku], sku, "wh"))
            pipe.hgetall(keys.sku_key(where[sku], sku, "holdqty"))
        raw = await pipe.execute()
        out: dict[str, list[WarehouseFigure]] = {}
        for i, sku in enumerate(skus):
            wh, holds = _decode(raw[2 * i]), _decode(raw[2 * i + 1])
            stock = stocks.get(sku)
            if stock is None:
                out[sku] = []
            elif "order" not in wh:
                out[sku] = [WarehouseFigure(DEFAULT_WAREHOUSE, stock.on_hand, stock.safety_stock, stock.sold,
                                            stock.held, stock.incoming)]
            else:
                out[sku] = [WarehouseFigure(w, _int(wh, f"{w}:on_hand"), _int(wh, f"{w}:safety"), _int(wh, f"{w}:sold"),
                                            _int(holds, f"whheld:{w}"), _int(wh, f"{w}:incoming"))
                            for w in json.loads(wh["order"])]
        return out

    async def regional_stocks(self, skus: Sequence[str], *, region: str,
                              channel: str = "") -> dict[str, SkuStock | None]:
        """The SKUs' figures as a buyer in `region` on `channel` sees them (either may be ''): sellable counts only
        the warehouses serving both, capped by the channel's allocations (an assembled bundle: its components')."""
        rows = self.ledger.layout.ledger_skus(skus)
        stocks = await self.ledger.read(rows)
        regional = await self.regional_sellable(rows, region=region, channel=channel, stocks=stocks)
        narrowed = {sku: replace(s, on_hand=s.on_hand - (s.sellable - regional[sku])) if s else None
                    for sku, s in stocks.items()}
        return {sku: self.ledger.compose(sku, narrowed) for sku in skus}

    async def regional_sellable(self, skus: Sequence[str], *, region: str, channel: str = "",
                                stocks: dict[str, SkuStock | None] | None = None) -> dict[str, int]:
        """What one line for a buyer in `region` on `channel` could take now: only the warehouses serving them
        count, and what other channels' allocations keep back does not (the checks an order's script makes)."""
        plan = self.ledger.layout.plan(channel=channel, region=region)
        figures = await self.figures(skus)
        stocks = stocks if stocks is not None else await self.ledger.read(list(skus))
        out: dict[str, int] = {}
        for sku in skus:
            stock = stocks.get(sku)
            rows = figures.get(sku) or []
            if stock is None:
                out[sku] = 0
            elif len(rows) == 1 and rows[0].warehouse == DEFAULT_WAREHOUSE:
                out[sku] = stock.sellable
            else:
                out[sku] = min(stock.sellable, reachable(plan, {f.warehouse: f.sellable for f in rows}))
        if channel:
            allowed = await channel_allowances(self.ledger.redis, await self.ledger.placement.buckets(skus), channel,
                                               stocks)
            out = {sku: min(units, allowed[sku]) for sku, units in out.items()}
        return out


def _decode(mapping: dict[bytes, bytes]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in mapping.items()}


def _int(mapping: dict[str, str], name: str) -> int:
    return int(mapping.get(name, 0))
