"""Demand signals from what viewers ask: counts per stream and variant, flags, and what the catalog lacks.

Sales come from the ledger's movement stream (sales and cancels carrying the live room's id), counted per
stream and SKU into the same minute buckets as the asks, so asks-to-sales compares the same window. The
ledger's own counters are per SKU across all rooms and channels, which would credit one room's questions
with another room's sales.

Memory (measured by `stock-assistant bench demand`, Redis 6.2): one stream with 100,000 comments from 20,000
viewers over 1,000 variants and two hours takes about 10 MB (9.6 MB INFO used_memory delta): 5.6 MB for the
per-variant asker sets (listpack zsets, ~65 bytes per distinct (variant, viewer) pair, so bounded by the
comment count), 2.1 MB for the stream's viewer set (~110 bytes a viewer), 0.8 MB for the minute buckets
(~7 KB a minute at a thousand active variants), 0.6 MB for the sold-out asker sets. Every key expires
`demand_retention_hours` (default 72) after its last write; chromadb holds one vector per distinct phrasing
of something the catalog lacks, not per comment.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from redis.asyncio import Redis

from assistant.catalog.models import Catalog
from assistant.demand import keys
from assistant.demand.consumer import CLAIM_EVERY_S, CLAIM_IDLE_MS, Entries, StreamFollower
from assistant.demand.counting import CountBatch, unknown_phrases
from assistant.demand.events import AskEvent, is_demand
from assistant.demand.not_offered import NotOfferedGrouper
from assistant.demand.reading import SESSION, Window, read_counts, read_groups
from assistant.demand.recent import RecentCounts
from assistant.demand.report import Thresholds, build_items, build_not_offered, stream_conversion, totals
from assistant.errors import NotFound
from assistant.infra.lua import lua_source

log = logging.getLogger("assistant.demand")
CHUNK = 2000


class DemandService:
    def __init__(self, redis: Redis, *, movement_streams: Sequence[str], catalog: Callable[[], Catalog],
                 clock: Callable[[], float],
                 retention_hours: int = 72, thresholds: Thresholds | None = None,
                 grouper: NotOfferedGrouper | None = None, consumer_name: str | None = None,
                 claim_idle_ms: int = CLAIM_IDLE_MS, claim_every_s: float = CLAIM_EVERY_S,
                 annotate: Callable[[str, list[dict[str, Any]]], Awaitable[None]] | None = None):
        self.redis = redis
        self.catalog = catalog
        self.clock = clock
        self.retention_s = retention_hours * 3600
        self.thresholds = thresholds or Thresholds()
        self.grouper = grouper or NotOfferedGrouper(redis, client_factory=None, retention_s=self.retention_s)
        self.count_script = redis.register_script(lua_source("assistant.demand", "count"))
        self.follower = StreamFollower(redis, self._apply_entries, movement_streams=movement_streams,
                                       retention_s=self.retention_s, clock=clock,
                                       name=consumer_name, claim_idle_ms=claim_idle_ms, claim_every_s=claim_every_s)
        self.recent = RecentCounts(redis)
        self.annotate = annotate  # adds other parts' figures to the items (the waitlist sizes beside unmet asks)

    # --- writing ------------------------------------------------------------------------------------------
    async def ingest(self, events: Sequence[AskEvent]) -> int:
        """Counts a batch of ask events (one pipeline per 2,000); returns how many counted as asks."""
        counted = 0
        for start in range(0, len(events), CHUNK):
            counted += await self._write(events[start:start + CHUNK], [], {})
        return counted

    async def ingest_movements(self, movements: Sequence[dict[str, str]]) -> None:
        for start in range(0, len(movements), CHUNK):
            await self._write([], movements[start:start + CHUNK], {})

    async def catch_up(self) -> int:
        """Counts everything waiting in every room's ask stream and the movement streams; returns how many entries
        it read."""
        return await self.follower.drain()

    async def follow(self) -> None:
        await self.follower.run()

    async def _apply_entries(self, asks: dict[str, Entries], movements: dict[str, Entries]) -> None:
        events: list[AskEvent] = []
        for entry_id, fields in (entry for entries in asks.values() for entry in entries):
            try:
                events.append(AskEvent.from_fields(fields))
            except (KeyError, TypeError, ValueError) as error:
                log.warning("demand: skipping malformed ask %s: %s", entry_id, error)
        decoded = [fields for entries in movements.values() for _, fields in entries]
        acks = {s: [i for i, _ in entries] for s, entries in (*asks.items(), *movements.items())}
        await self._write(events, decoded, acks)

    async def _write(self, events: Sequence[AskEvent], movements: Sequence[dict[str, str]],
                     acks: dict[str, list[str]]) -> int:
        oldest_ms = self.clock() - self.retention_s * 1000
        batch = CountBatch(retention_s=self.retention_s)
        fresh = [e for e in events if e.ts_ms >= oldest_ms]
        asked_by_stream: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for event in fresh:
            if is_demand(event):
                asked_by_stream[event.stream_id].extend(unknown_phrases(event))
        groups_by_stream: dict[str, dict[tuple[str, str], str]] = {}
        for stream_id, asked in asked_by_stream.items():
            if asked:
                resolution = await self.grouper.resolve(stream_id, asked)
                batch.add_groups(stream_id, resolution.new_groups, resolution.new_phrases)
                groups_by_stream[stream_id] = resolution.groups
        for event in fresh:
            batch.add_ask(event, groups_by_stream.get(event.stream_id, {}))
        for fields in movements:
            if _number(fields.get("ts")) >= oldest_ms:
                batch.add_movement(fields)
        pipe = self.redis.pipeline(transaction=False)
        await batch.queue(pipe, self.count_script)
        for stream, ids in acks.items():
            if ids:
                pipe.xack(stream, keys.GROUP_NAME, *ids)
        await pipe.execute()
        self.recent.forget(batch.streams)
        return batch.asks

    # --- reading ------------------------------------------------------------------------------------------
    async def report(self, stream_id: str, *, window: Window = SESSION, flagged_only: bool = False,
                     product_id: str | None = None, limit: int | None = None) -> dict[str, Any]:
        await self.catch_up()
        now = self.clock()
        counts = await read_counts(self.redis, stream_id, window, now)
        session = counts if window.seconds is None else await read_counts(self.redis, stream_id, SESSION, now)
        catalog = self.catalog()
        rate = stream_conversion(session, catalog, self.thresholds.conversion_prior)
        items = build_items(counts, window, catalog, rate, self.thresholds)
        group_ids = [i[len(keys.GROUP_PREFIX):] for i in counts.asks if keys.is_group(i)]
        not_offered = build_not_offered(counts, await read_groups(self.redis, stream_id, group_ids))
        summary = totals(counts, items)
        if product_id is not None:
            items = [r for r in items if r["product_id"] == product_id]
        if flagged_only:
            items = [r for r in items if r["flags"]]
        if self.annotate is not None:
            await self.annotate(stream_id, items)
        return {"stream_id": stream_id, "window": window.label, "as_of_ms": int(now),
                "items": items[:limit] if limit else items, "not_offered": not_offered,
                "totals": summary, "conversion": rate.figures()}

    async def session(self, stream_id: str) -> dict[str, Any]:
        """The whole session's roll-up; kept for the retention period after the stream's last event."""
        answer = await self.report(stream_id, window=SESSION)  # drains first
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(keys.session(stream_id), ["first_ts", "events"])
        pipe.zscore(keys.STREAMS, stream_id)
        pipe.ttl(keys.session(stream_id))
        (first_ts, events), last_ts, ttl = await pipe.execute()
        if ttl is None or ttl < 0:
            hours = self.retention_s // 3600
            raise NotFound(f"no demand recorded for stream {stream_id} in the last {hours} hours",
                           code="no_demand")
        return {**answer, "first_ts": int(first_ts) if first_ts else None,
                "last_ts": int(last_ts) if last_ts is not None else None,
                "comments_seen": int(events or 0), "retention_hours": self.retention_s // 3600,
                "expires_in_s": int(ttl)}

    async def top(self, stream_id: str, window_s: int | None = None, flagged_only: bool = False,
                  limit: int = 20) -> list[dict[str, Any]]:
        """The most asked items, for the ops agent's tools."""
        window = SESSION if window_s is None else Window(int(window_s), f"{int(window_s)}s")
        answer = await self.report(stream_id, window=window, flagged_only=flagged_only, limit=limit)
        return answer["items"]

    async def asking(self, stream_id: str, product_id: str, window_s: int = 300) -> dict[str, Any]:
        """Who is asking about one product right now, for the host's card.

        No catch-up here: the background consumer keeps the counts current, and a card must not wait for a
        drain of the ask stream (that put seconds on the alert path under load). Cards built in the same
        second share one read of the stream's counts.
        """
        now = self.clock()
        window = Window(int(window_s), f"{int(window_s)}s")
        counts = await self.recent.get(stream_id, window, now)
        # A product's askers are the union of its variants' askers: a per-product set would cost more
        # memory than every variant set together (one entry per viewer per product, in skiplist form).
        items = [i for i, asks in counts.asks.items()
                 if asks > 0 and not keys.is_group(i) and keys.split_item(i)[0] == product_id]
        pipe = self.redis.pipeline(transaction=False)
        for item in items:
            pipe.zrangebyscore(keys.askers(stream_id, item), window.start_ms(now) or "-inf", "+inf")
        askers = set().union(*await pipe.execute()) if items else set()
        variants: list[dict[str, Any]] = []
        for item in items:
            _, colour, size = keys.split_item(item)
            if colour is None and size is None:
                continue  # "这件还有吗": a question about the product, counted but not a variant
            variants.append({"colour": colour, "size": size, "askers": counts.askers.get(item, 0),
                             "questions": counts.asks[item], "unmet_questions": counts.unmet(item)})
        variants.sort(key=lambda v: (-v["questions"], -v["askers"], v["colour"] or "", v["size"] or ""))
        return {"product_id": product_id, "window_s": int(window_s),
                "questions": sum(counts.asks[i] for i in items), "askers": len(askers), "variants": variants}


def _number(raw: str | None) -> float:
    try:
        return float(raw or 0)
    except ValueError:
        return 0.0
