"""svc.waitlist: the comment hook, the notice watcher and desk, and the read views (API, ops, report, demand)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.catalog.service import CatalogService
from assistant.demand.report import matching_skus
from assistant.ledger.availability import LowStockRule
from assistant.ledger.service import Clock, Ledger
from assistant.vocab.naming import variant_label
from assistant.waitlist import keys
from assistant.waitlist.comments import WaitlistReplies
from assistant.waitlist.notices import NoticeDesk
from assistant.waitlist.settings import StreamWaitlistSettings
from assistant.waitlist.store import COUNTERS, WaitlistStore
from assistant.waitlist.watcher import NoticeWatcher


@dataclass
class WaitlistService:
    store: WaitlistStore
    replies: WaitlistReplies
    watcher: NoticeWatcher
    desk: NoticeDesk
    settings: StreamWaitlistSettings
    ledger: Ledger
    catalog: CatalogService
    low_stock: LowStockRule
    clock: Clock

    async def catch_up(self) -> int:
        """Handles every ledger movement so far (tests and reads call it; the background loop does too)."""
        return await self.watcher.catch_up()

    def outbox_keys(self, stream_id: str) -> tuple[str, str]:
        """The room's notice outbox cursor and stream: the comments response reads its next parts."""
        return keys.outbox_cursor(stream_id), keys.outbox(stream_id)

    async def sizes(self, stream_id: str) -> dict[str, int]:
        return await self.store.sizes(stream_id, int(self.clock()))

    async def room(self, stream_id: str, product_id: str | None = None) -> dict[str, Any]:
        """Who waits for what in one room, with the ledger's counts now and the room's counters."""
        sizes = await self.sizes(stream_id)
        catalog = self.catalog.catalog
        rows: list[dict[str, Any]] = []
        stocks = await self.ledger.read(sorted(sizes)) if sizes else {}
        for sku, waiting in sizes.items():
            product = catalog.product_of_sku(sku)
            if product is None or (product_id is not None and product.id != product_id):
                continue
            variant = next(v for v in product.variants if v.sku == sku)
            stock = stocks.get(sku)
            rows.append({"sku": sku, "product_id": product.id, "name_zh": product.display_name_zh,
                         "name_en": product.display_name_en, "colour": variant.colour, "size": variant.size,
                         "label_zh": variant_label(variant.colour, variant.size, "zh", product),
                         "label_en": variant_label(variant.colour, variant.size, "en", product),
                         "waiting": waiting, "sellable": stock.sellable if stock else 0,
                         "status": self.low_stock.status(stock)})
        rows.sort(key=lambda r: (-r["waiting"], r["sku"]))
        stats = await self.store.stats(stream_id)
        return {"stream_id": stream_id, "as_of_ms": int(self.clock()), "waiting": sum(r["waiting"] for r in rows),
                "variants": rows, "totals": stats["totals"]}

    async def rooms(self) -> list[dict[str, Any]]:
        answers = []
        for stream_id in await self.store.streams():
            sizes = await self.sizes(stream_id)
            answers.append({"stream_id": stream_id, "waiting": sum(sizes.values()), "variants": len(sizes)})
        return answers

    async def report(self, stream_id: str) -> dict[str, Any]:
        """The post-live figures: joined, notified, bought within a hold, bought after the notice, per variant."""
        stats = await self.store.stats(stream_id)
        sizes = await self.sizes(stream_id)
        catalog = self.catalog.catalog
        rows = []
        for sku in sorted(set(stats["skus"]) | set(sizes)):
            product = catalog.product_of_sku(sku)
            variant = next((v for v in product.variants if v.sku == sku), None) if product else None
            counters = stats["skus"].get(sku, dict.fromkeys(COUNTERS, 0))
            rows.append({"sku": sku, "product_id": product.id if product else None,
                         "label_zh": variant_label(variant.colour, variant.size, "zh", product) if variant else sku,
                         "label_en": variant_label(variant.colour, variant.size, "en", product) if variant else sku,
                         "waiting_now": sizes.get(sku, 0), **counters})
        rows.sort(key=lambda r: (-r["joined"], r["sku"]))
        return {"totals": {**stats["totals"], "waiting_now": sum(sizes.values())}, "variants": rows}

    async def annotate_demand(self, stream_id: str, items: Sequence[dict[str, Any]]) -> None:
        """Puts the waitlist size beside each demand item's unmet asks (0 where nobody waits)."""
        sizes = await self.sizes(stream_id)
        catalog = self.catalog.catalog
        for item in items:
            skus = [item["sku"]] if item.get("sku") else matching_skus(
                catalog.product(item.get("product_id") or ""), item.get("colour"), item.get("size"))
            item["waitlisted"] = sum(sizes.get(sku, 0) for sku in skus)
