"""The alert engine: turns ledger movements into host cards (levels, rate cap, storage, delivery)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.alerts.bundle_moves import with_bundle_moves
from assistant.alerts.card import Card
from assistant.alerts.cards import CardBuilder
from assistant.alerts.lease import LeaderLease
from assistant.alerts.levels import classify_sku, trend_rising
from assistant.alerts.ratecap import WINDOW_MS, Publication, RateCap
from assistant.alerts.recovery import said_before
from assistant.alerts.routing import StreamRoutes
from assistant.alerts.settings import StreamAlertSettings
from assistant.alerts.slots import PendingEvent
from assistant.alerts.store import CardStore
from assistant.alerts.tracker import Decision, Observation, ProductAlertState, observe_sku, observe_trend
from assistant.alerts.velocity import VelocityBook
from assistant.catalog.service import CatalogService
from assistant.infra.replies import Entry
from assistant.ledger.feed import Batch, Cursors, MovementFeed
from assistant.ledger.service import Clock, Ledger

BASELINE_MOVES = {"load", "policy", "incoming", "restock"}  # start, safety stock or shipments on the way
BUILD_CONCURRENCY = 8


class CardOutbox(Protocol):
    def owed(self, card: Card, previous_level: str | None) -> list[PendingEvent]: ...

    async def relay(self, store: CardStore, stream_id: str) -> int: ...


@dataclass(frozen=True)
class SkuBaseline:
    product_id: str
    base: int  # starting sellable stock: start - safety
    lead_hours: float | None
    tier: str | None = None  # A items warn earlier (assistant.catalog.roles)
    incoming: int = 0  # units on the way: part of the stock position the reorder levels read


class AlertEngine:
    def __init__(self, *, ledger: Ledger, catalog: CatalogService, routes: StreamRoutes,
                 settings: StreamAlertSettings, store: CardStore, builder: CardBuilder, velocity: VelocityBook,
                 clock: Clock):
        self.ledger, self.catalog, self.routes, self.settings = ledger, catalog, routes, settings
        self.store, self.builder, self.velocity, self.clock = store, builder, velocity, clock
        self.ratecap = RateCap()
        self.feed = MovementFeed.of(ledger)  # every bucket's stream, one cursor each
        self.cursors: Cursors = self.feed.at("0-0")
        self.live_from: Cursors = self.feed.at("0-0")  # up to here was history at start-up (see warm_up), never news
        self.fence: LeaderLease | None = None  # set by the runner: cards are saved only while it holds this
        self.now_ms = 0
        self.states: dict[tuple[str, str], ProductAlertState] = {}
        self._baselines: dict[str, SkuBaseline] = {}
        self._lock = asyncio.Lock()
        self._builders = asyncio.Semaphore(BUILD_CONCURRENCY)
        self.listeners: list[Callable[[Card], None]] = []  # told of every card published
        # The webhooks' outbox: what a card owes it is saved with the card, then relayed.
        self.notifiers: list[CardOutbox] = []
        catalog.on_change(lambda _: self._baselines.clear())  # lead times may have changed

    def state(self, stream_id: str, product_id: str) -> ProductAlertState:
        return self.states.setdefault((stream_id, product_id), ProductAlertState())

    async def start_at_end(self, since_ms: int | None = None) -> None:
        """Later movements only: what happened before is history (see warm_up), not news. `since_ms` (Redis
        time): a start that waited for Redis counts what came after the service started as news."""
        self.cursors = self.feed.at(f"{since_ms}-0") if since_ms is not None else await self.feed.latest()
        self.live_from = dict(self.cursors)

    async def warm_up(self, window_ms: int = 1_860_000, max_entries: int = 200_000) -> int:
        """Feeds recent sales into the velocity counters only, so a restart does not mistake history for a trend."""
        seconds, micros = await self.ledger.redis.time()
        since_ms = int(seconds) * 1000 + int(micros) // 1000 - window_ms
        # Call after start_at_end: history up to the cursors, news after (the cursors do not move).
        entries = await self.feed.recent(since_ms, self.cursors, count=max_entries)
        async with self._lock:
            await self._evaluate(entries, evaluate=False, record_sales=True)
        return len(entries)

    async def restore(self) -> None:
        """What was already said, from the stored cards: a restart neither repeats nor forgets a level."""
        await self.routes.refresh()
        now = int(self.clock())
        # Replaced, not merged: what this worker decided in an earlier leadership may never have been said
        # (a card the fence refused), and a level wrongly remembered as said is never said.
        self.states = await said_before(self.store, self.routes.stream_ids)
        self.ratecap = RateCap()
        for (stream_id, product_id), state in self.states.items():
            raised = [state.card_raised_ts] if state.card_raised_ts and state.card_raised_ts > now - WINDOW_MS else []
            quiet = [] if state.card_raised_ts or not state.card_level else [
                Decision(stream_id, product_id, "update", state.card_level, set(), {"ts": state.card_created_ts})]
            self.ratecap.restore(stream_id, [*self.ratecap.raised_at(stream_id), *raised],
                                 [*self.ratecap.pending(stream_id), *quiet])

    def forget_waiting(self) -> None:
        """Another worker leads: what this one left waiting for the rate cap is no longer its to say."""
        self.ratecap = RateCap()

    async def catch_up(self) -> list[Card]:
        """Processes every movement written so far, then releases what the rate cap lets through now."""
        published: list[Card] = []
        async with self._lock:
            await self._refresh_routes()  # explicit catch-ups see a lineup set a moment ago
            while batch := await self.feed.read(self.cursors, count=1000):
                published += await self._process(batch, evaluate=True)
            published += await self._flush(int(self.clock()))
        return published

    async def process(self, batch: Batch, *, evaluate: bool = True) -> list[Card]:
        """New movements read from the feed (`feed.read(engine.cursors)`); the cursors move past them."""
        async with self._lock:
            return await self._process(batch, evaluate=evaluate)

    async def flush(self, now_ms: int | None = None) -> list[Card]:
        async with self._lock:
            return await self._flush(int(self.clock()) if now_ms is None else now_ms)

    async def reevaluate(self, entries: list[Entry]) -> list[Card]:
        """Evaluates movements this engine already followed without evaluating them (see failover); their
        sales are in the velocity counters already, so they are not counted again."""
        async with self._lock:
            return await self._evaluate(entries, evaluate=True, record_sales=False)

    async def _process(self, batch: Batch, *, evaluate: bool) -> list[Card]:
        fresh = batch.after(self.cursors)
        if not fresh:
            return []
        self.cursors = fresh.advance(self.cursors)
        return await self._evaluate(fresh.entries(), evaluate=evaluate, record_sales=True)

    async def _evaluate(self, fresh: list[Entry], *, evaluate: bool, record_sales: bool) -> list[Card]:
        fresh = await with_bundle_moves(self.ledger, fresh)  # issue 17: a component's move moves its bundles
        await self._follow_edits()
        await self._read_baselines(fresh)
        decisions: dict[str, list[Decision]] = {}
        for entry_id, fields in fresh:
            for decision in self._observe(entry_id, fields, evaluate, record_sales):
                decisions.setdefault(decision.stream_id, []).append(decision)
        if evaluate:
            await self._publish_counts(fresh)
        plans = [(stream_id, plan) for stream_id, found in decisions.items()
                 for plan in self.ratecap.plan(stream_id, found, self.now_ms, self._limit(stream_id))]
        return await self._publish_all(plans)

    async def _publish_counts(self, fresh: list[Entry]) -> None:
        """Every SKU's newest sellable count to the screens of the streams showing its product, one event per
        stream per evaluation: the host page's figures follow the ledger, not the last card."""
        counts: dict[str, dict[str, int]] = {}
        for _, fields in fresh:
            sku, after = fields.get("sku"), fields.get("after")
            baseline = self._baselines.get(sku or "")
            if sku is None or after is None or baseline is None:
                continue
            for stream_id in self.routes.streams_of(fields.get("product") or baseline.product_id):
                counts.setdefault(stream_id, {})[sku] = int(after)
        if counts:
            await self.store.publish_counts(counts, self.now_ms)

    async def _refresh_routes(self) -> None:
        await self.routes.refresh()
        await self.settings.refresh(self.routes.stream_ids)

    async def _follow_edits(self) -> None:
        """Two GETs side by side, the lineup/focus version and the settings version: a product put on a lineup a
        moment ago must not miss its first orders, nor a room's new thresholds wait for a clock."""
        routes_edited, settings_edited = await asyncio.gather(
            self.routes.edited_since_read(), self.settings.edited_since_read())
        if routes_edited:
            await self._refresh_routes()
        elif settings_edited:
            await self.settings.refresh(self.routes.stream_ids)

    async def _flush(self, now_ms: int) -> list[Card]:
        self.now_ms = max(self.now_ms, now_ms)
        if self.ratecap.streams_waiting() and await self.settings.edited_since_read():
            # A cap raised on another worker must reach the waiting cards without waiting for an order.
            await self.settings.refresh(self.routes.stream_ids)
        plans = [(stream_id, plan) for stream_id in self.ratecap.streams_waiting()
                 for plan in self.ratecap.plan(stream_id, [], self.now_ms, self._limit(stream_id))]
        return await self._publish_all(plans)

    def _limit(self, stream_id: str) -> int:
        return self.settings.of(stream_id).max_cards_per_minute

    async def _publish_all(self, plans: list[tuple[str, Publication]]) -> list[Card]:
        """Builds the cards side by side (their reads overlap) and commits each, in order, as soon as it and
        the ones before it are built: the first card of a burst does not wait for the last one's reads."""
        builds = [asyncio.ensure_future(self._bounded_build(stream_id, plan)) for stream_id, plan in plans]
        published: list[Card] = []
        try:
            for (stream_id, plan), build in zip(plans, builds, strict=True):
                card = await build
                if card is not None:
                    await self._commit(stream_id, plan, card)
                    published.append(card)
        finally:
            for build in builds:  # a failed commit must not leave builds running unobserved
                build.cancel()
        return published

    async def _read_baselines(self, entries: list[Entry]) -> None:
        wanted = {f["sku"] for _, f in entries if "sku" in f and (f["sku"] not in self._baselines
                                                                 or f.get("type") in BASELINE_MOVES)}
        if not wanted:
            return
        for sku, stock in (await self.ledger.read(sorted(wanted))).items():
            if stock is None:
                continue
            product = self.catalog.catalog.product(stock.product_id)
            lead = product.restock_lead_hours if product else None
            self._baselines[sku] = SkuBaseline(stock.product_id, stock.starting_sellable, lead,
                                               product.tier if product else None, stock.incoming)

    def _observe(self, entry_id: str, fields: dict[str, str], evaluate: bool, record_sales: bool) -> list[Decision]:
        sku, kind = fields.get("sku"), fields.get("type", "")
        baseline = self._baselines.get(sku or "")
        if sku is None or baseline is None:
            return []
        ts, qty = int(fields.get("ts", 0)), int(fields.get("qty", 0) or 0)
        self.now_ms = max(self.now_ms, ts)
        product_id = fields.get("product") or baseline.product_id
        if kind == "sale" and record_sales:
            self.velocity.record_sale(sku, product_id, -qty, ts)
        if not evaluate or "after" not in fields:
            return []
        sellable = int(fields["after"])
        trigger = {"movement_id": entry_id, "type": kind, "sku": sku, "ref": fields.get("ref"), "ts": ts}
        found: list[Decision] = []
        for stream_id in self.routes.streams_of(product_id):
            settings = self.settings.of(stream_id)
            state = self.state(stream_id, product_id)
            speed = self.velocity.of_sku(sku, self.now_ms, settings.trend_window_s)
            level = classify_sku(sellable, baseline.base, baseline.lead_hours, speed, settings,
                                 baseline.incoming, tier=baseline.tier).level
            verdicts = [observe_sku(state, Observation(sku, kind, qty, sellable, level), settings)]
            if kind == "sale":
                pace = self.velocity.of_product(product_id, self.now_ms, settings.trend_window_s)
                verdicts.append(observe_trend(state, trend_rising(pace, settings)))
            # An update is of a card on screen: with none there, the same news is a new raise (and capped as one).
            found += [Decision(stream_id, product_id, v[0] if state.card_id else "new", v[1], {sku}, trigger)
                      for v in verdicts if v]
        return found

    async def _bounded_build(self, stream_id: str, plan: Publication) -> Card | None:
        async with self._builders:  # a few at a time: the request pool's connections stay for requests
            return await self._build(stream_id, plan)

    async def _build(self, stream_id: str, plan: Publication) -> Card | None:
        decision, settings = plan.decision, self.settings.of(stream_id)
        state = self.state(stream_id, decision.product_id)
        updating = decision.kind == "update" and state.card_id is not None
        if plan.attention is None:  # an update keeps the card raised or quiet, as it was
            raised_ts = state.card_raised_ts if updating else self.now_ms
        else:
            raised_ts = self.now_ms if plan.attention else None
        return await self.builder.build(stream_id, decision, state, self.now_ms, settings,
                                        state.card_id if updating else None,
                                        state.card_created_ts if updating else None, raised_ts)

    async def _commit(self, stream_id: str, plan: Publication, card: Card) -> None:
        state = self.state(stream_id, plan.decision.product_id)
        updating = card.id == state.card_id
        previous_level = state.card_level if updating else None
        replaced = [state.card_id] if state.card_id and not updating else []
        # Saved before the bookkeeping below: a card the fence refuses must not become the one to update.
        owed = [event for outbox in self.notifiers for event in outbox.owed(card, previous_level)]
        await self.store.save(card, supersede=replaced, fence=self.fence, owed=owed)
        state.card_id, state.card_level, state.card_created_ts = card.id, card.level, card.created_ts
        state.card_raised_ts = card.raised_ts
        said = {v.sku: v.sellable for v in card.variants}
        state.announced = {**state.announced, **said} if updating else said
        for listener in self.listeners:
            listener(card)
        if owed:  # sent now; had we crashed before this line, the start's relay would send it
            for outbox in self.notifiers:
                await outbox.relay(self.store, stream_id)
