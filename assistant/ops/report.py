"""The post-live report of one live room, computed from the movement stream and checked against the ledger.

Each lineup SKU is followed from its last catalog load (or reset) to now. The movement stream gives
start, sold, cancelled, expired holds, restocks and corrections; their sum must equal the ledger's live
stock (on_hand - sold) and its sold counter: any difference is listed, never smoothed over.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from assistant.errors import NotFound
from assistant.ledger.feed import MovementFeed
from assistant.ops.cover import replenishment_section
from assistant.ops.movements import Movement, scan
from assistant.ops.report_parts import best_sellers, curve, demand_section, waitlist_section
from assistant.ops.review import review
from assistant.ops.stock_figures import clock_text, scope_products
from assistant.ops.warehouse_report import warehouse_section

if TYPE_CHECKING:
    from assistant.container import Services


@dataclass
class SkuLine:
    sku: str
    product_id: str
    name: str
    link: int | None
    colour: str | None
    size: str | None
    start: int = 0
    sold: int = 0
    cancelled: int = 0
    expired_holds: int = 0
    restocked: int = 0
    corrections: int = 0
    transfers: int = 0  # issue 17: units out on (negative) or back from transfers, net
    packed: int = 0  # issue 17: units into kits (negative) or out of unpacked kits; a kit's own: kits packed, net
    end_computed: int = 0
    end_ledger: int = 0
    sold_ledger: int = 0
    sellable: int = 0
    sold_in_stream: int = 0
    sold_out_at: str | None = None
    sold_out_ms: int | None = None
    loaded: bool = False

    def add(self, m: Movement, stream_id: str) -> None:
        if m.type == "load":  # a load (or reset) starts the SKU's books afresh
            fresh = SkuLine(self.sku, self.product_id, self.name, self.link, self.colour, self.size)
            self.__dict__.update(asdict(fresh), start=m.qty, loaded=True)
        elif m.type == "sale":
            self.sold += -m.qty
            self.sold_in_stream += -m.qty if m.stream == stream_id else 0
        elif m.type == "cancel":
            self.cancelled += m.qty
            self.sold_in_stream -= m.qty if m.stream == stream_id else 0
        elif m.type == "hold_expired":
            self.expired_holds += m.qty
        elif m.type == "restock":
            self.restocked += m.qty
        elif m.type == "correction":
            self.corrections += m.qty
        elif m.type in ("transfer_out", "transfer_in", "transfer_cancel"):
            self.transfers += m.qty
        elif m.type in ("pack", "unpack"):
            self.packed += m.qty
        if m.before > 0 and m.after == 0 and self.sold_out_ms is None:
            self.sold_out_ms = m.ts


def session_window(movements: list[Movement], stream_id: str, start_ms: int | None,
                   end_ms: int | None) -> tuple[int | None, int | None]:
    """The live session: the room's first to its last stock movement (sales, holds, cancels carrying its id);
    for a room whose orders carry no stream id, the first to the last sale of its lineup. Either end may be
    given instead."""
    # An expired hold is booked when someone next reads the SKU (this report, say): bookkeeping, not the live.
    own = [m.ts for m in movements if m.stream == stream_id and m.type != "hold_expired"]
    sold = own or [m.ts for m in movements if m.type in ("sale", "cancel")]
    first, last = (min(sold), max(sold)) if sold else (None, None)
    return (start_ms if start_ms is not None else first), (end_ms if end_ms is not None else last)


async def build_report(svc: Services, stream_id: str, *, start_ms: int | None = None,
                       end_ms: int | None = None) -> dict[str, Any]:
    if stream_id not in await svc.streams.known_streams():
        raise NotFound(f"stream {stream_id} is not known", code="unknown_stream")
    offset = svc.settings.ops_utc_offset_minutes
    lines: dict[str, SkuLine] = {}
    for product, link in await scope_products(svc, stream_id):
        for v in product.variants:
            if v.is_virtual_bundle:
                continue  # no books of its own: its components' (and the report's bundles section)
            lines[v.sku] = SkuLine(v.sku, product.id, product.display_name_zh, link, v.colour, v.size)
    await svc.ledger.read(list(lines))  # drops expired holds first, so their movements are in the scan
    movements = await scan(MovementFeed.of(svc.ledger), skus=set(lines), cap=svc.settings.ops_movement_scan_cap)
    for m in movements:
        lines[m.sku].add(m, stream_id)
    stocks = await svc.ledger.read(list(lines))
    differences: list[dict[str, Any]] = []
    oversold: list[dict[str, Any]] = []
    for line in lines.values():
        stock = stocks.get(line.sku)
        if stock is None:
            differences.append({"sku": line.sku, "field": "ledger", "ledger": None, "movements": None,
                                "note": "SKU missing from the ledger"})
            continue
        if not line.loaded:
            line.start = stock.start
            differences.append({"sku": line.sku, "field": "start", "ledger": stock.start, "movements": None,
                                "note": "no load movement found (stream trimmed?)"})
        line.end_computed = (line.start - line.sold + line.cancelled + line.restocked + line.corrections
                             + line.transfers + line.packed)
        line.end_ledger, line.sold_ledger, line.sellable = stock.stock, stock.sold, stock.sellable
        if line.sold_out_ms is not None:
            line.sold_out_at = clock_text(line.sold_out_ms, offset)
        for field, ledger_value, computed in (("stock", line.end_ledger, line.end_computed),
                                              ("sold", line.sold_ledger, line.sold - line.cancelled)):
            if ledger_value != computed:
                differences.append({"sku": line.sku, "field": field, "ledger": ledger_value, "movements": computed,
                                    "note": f"{field} differs by {ledger_value - computed}"})
        if stock.sold > stock.on_hand - stock.safety_stock:
            oversold.append({"sku": line.sku, "sold": stock.sold, "on_hand": stock.on_hand,
                             "safety": stock.safety_stock})
    oversold += [{"sku": m.sku, "sale_qty": -m.qty, "sellable_before": m.before, "ref": m.ref}
                 for m in movements if m.type == "sale" and -m.qty > m.before]
    rows = [asdict(line) for line in lines.values()]
    now = int(svc.clock())
    given = start_ms is not None or end_ms is not None
    start_ms, end_ms = session_window(movements, stream_id, start_ms, end_ms)
    end_ms = now if end_ms is None else end_ms
    sales = [m for m in movements if m.type in ("sale", "cancel") and (start_ms or 0) <= m.ts <= end_ms]
    totals = {k: sum(r[k] for r in rows) for k in ("start", "sold", "cancelled", "expired_holds", "restocked",
                                                  "corrections", "transfers", "packed", "end_computed", "end_ledger", "sellable",
                                                  "sold_in_stream")}
    totals["net_sold"] = totals["sold"] - totals["cancelled"]
    report = {
        "stream_id": stream_id, "generated_ms": now, "generated_at": clock_text(now, offset),
        "window": {"start_ms": start_ms, "end_ms": end_ms, "given": given,
                   "start": clock_text(start_ms, offset) if start_ms else None, "end": clock_text(end_ms, offset)},
        "totals": totals, "skus": rows,
        "reconciliation": {"ok": not differences, "differences": differences},
        "oversell": {"count": len(oversold), "items": oversold},
        "best_sellers": best_sellers(rows),
        "sold_out": sorted(({"sku": r["sku"], "name": r["name"], "colour": r["colour"], "size": r["size"],
                             "at": r["sold_out_at"], "at_ms": r["sold_out_ms"]} for r in rows if r["sellable"] == 0),
                           key=lambda r: (r["at_ms"] is None, r["at_ms"] or 0, r["sku"])),
        "demand": await demand_section(svc, stream_id),
        "waitlist": await waitlist_section(svc, stream_id),
        "curve": curve(sales, start_ms, end_ms),
        "replenishment": await replenishment_section(
            svc, stream_id, [(p, v) for p, _ in await scope_products(svc, stream_id) for v in p.variants]),
    }
    report["stock_locations"] = await warehouse_section(  # issue 17: by warehouse, transfer and bundle
        svc, [p for p, _ in await scope_products(svc, stream_id)], movements)
    report["review"] = review(report, svc.catalog.catalog)
    return report
