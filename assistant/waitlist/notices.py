"""Finishing a notice (holds, drafts, publication on every path) and delivering it in comments responses."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Container
from typing import Any

from assistant.catalog.models import Catalog
from assistant.comments.busy_chat import Candidate
from assistant.comments.facts import Fact
from assistant.errors import AppError
from assistant.ledger.availability import LowStockRule
from assistant.ledger.models import HoldRequest, OrderLine, SkuStock
from assistant.ledger.service import Ledger
from assistant.waitlist.drafting import draft_parts
from assistant.waitlist.host_card import build_card
from assistant.waitlist.outbox import NoticeSink, notice_event
from assistant.waitlist.settings import StreamWaitlistSettings, WaitlistSettings
from assistant.waitlist.store import WaitlistStore

log = logging.getLogger("assistant.waitlist")
ACTOR = "waitlist"
NOTICE_SENDER = "waitlist-notice"  # the busy-chat "viewer" a notice part is admitted as (its keys are unique)


class NoticeDesk:
    def __init__(self, *, store: WaitlistStore, ledger: Ledger, catalog: Callable[[], Catalog],
                 low_stock: LowStockRule, settings: StreamWaitlistSettings, sink: NoticeSink,
                 cards: Callable[[], Any], max_chars: int, max_mentions: int, parts_per_response: int):
        self.store, self.ledger, self.catalog, self.low_stock = store, ledger, catalog, low_stock
        self.settings, self.sink, self.cards = settings, sink, cards  # cards: the alert card store, or None
        self.max_chars, self.max_mentions, self.parts_per_response = max_chars, max_mentions, parts_per_response

    def _fact(self, sku: str, product_id: str, colour: str | None, size: str | None, stock: SkuStock | None) -> Fact:
        return Fact(sku, product_id, colour, size, stock.sellable if stock else 0, self.low_stock.status(stock))

    async def finish(self, notice: dict[str, Any]) -> None:
        sku, stream_id = notice["sku"], notice["stream_id"]
        product = self.catalog().product(notice["product_id"] or "")
        stock = (await self.ledger.read([sku]))[sku]
        if product is None or stock is None or stock.sellable <= 0:  # sold again first: they keep waiting
            await self.store.rejoin(stream_id, sku, notice["viewers"], notice["ts"],
                                    record={**notice, "status": "withdrawn"})
            return
        settings = await self.settings.of(stream_id)
        holds = await self._hold(notice, settings, min(stock.sellable, notice["trigger"]["returned"]))
        if holds:
            stock = (await self.ledger.read([sku]))[sku]
        fact = self._fact(sku, product.id, notice["colour"], notice["size"], stock)
        held_for = {h["user_id"] for h in holds if h.get("hold_id")}
        if fact.sellable <= 0 and len(held_for) < len(notice["viewers"]):
            # Everything that came back is held: the others are not told "in stock"; they keep waiting.
            rest = [v for v in notice["viewers"] if v["user_id"] not in held_for]
            await self.store.rejoin(stream_id, sku, rest, notice["ts"])
            notice = {**notice, "viewers": [v for v in notice["viewers"] if v["user_id"] in held_for]}
        notice = {**notice, "holds": holds, "facts": [fact.public()]}
        parts, problem = draft_parts(notice, product, fact, max_chars=self.max_chars,
                                     max_mentions=self.max_mentions, hold_minutes=settings.hold_minutes)
        if problem is not None:
            log.warning("waitlist notice %s not drafted: %s", notice["id"], problem)
            await self.store.rejoin(stream_id, sku, notice["viewers"], notice["ts"],
                                    record={**notice, "status": "withdrawn", "problem": problem})
            return
        notice = {**notice, "status": "ready", "parts": len(parts)}
        await self.store.publish(notice, parts)
        # Offered again on a replay: the sink keeps one event per id, the card store one card per id.
        await self.sink.publish(stream_id, notice["id"], notice_event(notice, parts))
        store = self.cards()
        if store is not None:
            card = build_card(notice, product, fact, len(held_for), settings.hold_minutes)
            await store.save(card, track_latest=False)

    async def _hold(self, notice: dict[str, Any], settings: WaitlistSettings, returned: int) -> list[dict[str, Any]]:
        """One unit each for the earliest waiters, up to the stream's share of what came back."""
        count = min(len(notice["viewers"]), math.floor(settings.hold_share * returned + 1e-9))
        holds = []
        for number, viewer in enumerate(notice["viewers"][:count], start=1):
            request = HoldRequest(hold_id=f"{notice['id']}-h{number}", buyer_id=viewer["user_id"],
                                  channel=settings.hold_channel, stream_id=notice["stream_id"],
                                  lines=[OrderLine(sku=notice["sku"], qty=1)], ttl_seconds=settings.hold_minutes * 60)
            try:
                answer = await self.ledger.place_hold(request, ACTOR)
            except AppError as refused:  # a buyer limit, or the units went to a buyer in between
                holds.append({"user_id": viewer["user_id"], "hold_id": None, "refused": refused.code})
                continue
            holds.append({"user_id": viewer["user_id"], "hold_id": request.hold_id,
                          "expires_at_ms": answer.expires_at_ms})
        return holds

    async def hand_out(self, stream_id: str, now_ms: float, read: str, pending: list[tuple[str, dict[str, Any]]],
                       admitted_parts: Container[int]) -> list[dict[str, Any]]:
        """The next notice parts the room's reply budget let out, each carried by one response only: `pending`
        was read after cursor `read` (by the comments response's opening read), `admitted_parts` are their
        places in it that the budget admitted (the comment pipeline admits them with the batch's replies)."""
        admitted = []
        for i, entry in enumerate(pending):
            if i not in admitted_parts:
                break  # over the budget: this part and the ones after it wait for the next response
            admitted.append(entry)
        if not admitted or not await self.store.advance(stream_id, read, admitted[-1][0]):
            return []  # nothing let out, or another worker's response carried these parts
        stocks = await self.ledger.read(sorted({p["sku"] for _, p in admitted}))
        delivered = []
        for entry_id, part in admitted:
            stock = stocks.get(part["sku"])
            fact = self._fact(part["sku"], part["product_id"], part["colour"], part["size"], stock)
            live_holds = [h for h in part["holds"] if h["expires_at_ms"] > now_ms]
            if (part["holds"] and not live_holds) or (not part["holds"] and fact.sellable <= 0):
                await self._sold_again(part)  # what the part would say is no longer so
                continue
            delivered.append({**part, "cursor": entry_id, "facts": [fact.public()], "action": "reply"})
        return delivered

    async def _sold_again(self, part: dict[str, Any]) -> None:
        """Sold again (or its holds ran out) before the part was posted: its viewers go back on the list instead
        of hearing something false."""
        notice = await self.store.notice(part["stream_id"], part["notice_id"])
        if notice is not None:
            viewers = [v for v in notice["viewers"] if v["user_id"] in set(part["mentions"])]
            await self.store.rejoin(part["stream_id"], part["sku"], viewers, notice["ts"])


def candidates(pending: list[tuple[str, dict[str, Any]]], first_index: int = 0) -> list[Candidate]:
    """The pending notice parts as busy-chat candidates, numbered from first_index (after a batch's replies when
    both are admitted by one budget call: replies first)."""
    return [Candidate(first_index + i, f"{p['notice_id']}#{p['part']}", NOTICE_SENDER, "",
                      f"waitlist_notice|{p['notice_id']}|{p['part']}", p["notice_id"])
            for i, (_, p) in enumerate(pending)]
