"""What a new leader owes the hosts: the movements the previous leader read but never evaluated.

Followers read every movement without evaluating it (that keeps their velocity counters current). When the
leader dies, its lease lives on for up to its TTL while a follower reads on, so by the time the follower
takes over, its cursors are past movements nobody evaluated: a sell-out among them would never get a card.
The leader therefore stores how far it has evaluated — one cursor per bucket's movement stream, all in one key
beside the lease (one Cluster slot, so save_cursor.lua checks the lease and writes the mark in one step) — and a
new leader evaluates, stream by stream, from there up to its own cursors before it goes on.

A mark saved before the feed (one entry id) is read as the first bucket's stream's: with one bucket, as before.
"""

from __future__ import annotations

from redis.asyncio import Redis

from assistant.alerts.card import Card
from assistant.alerts.engine import AlertEngine
from assistant.alerts.lease import LeaderLease, LeaseLost
from assistant.infra.lua import lua_source
from assistant.ledger.feed import Cursors, dump_cursors, entry_order, load_cursors

CURSOR_KEY = "sa:{alerts}:cursor"
PAGE = 1000


class EvaluatedCursor:
    def __init__(self, redis: Redis, lease: LeaderLease):
        self.redis = redis
        self.lease = lease
        self._save = redis.register_script(lua_source("assistant.alerts", "save_cursor", "_lease"))
        self._saved: str | None = None

    async def save(self, cursors: Cursors) -> None:
        """Marks everything up to each stream's cursor as evaluated; LeaseLost when another worker leads now."""
        mark = dump_cursors(cursors)
        if mark == self._saved:
            return  # an idle step writes nothing
        if not await self._save(keys=[self.lease.key, CURSOR_KEY], args=[self.lease.token, mark, self.lease.ttl_ms]):
            raise LeaseLost("the alerts lease is another worker's: so is the evaluated cursor")
        self._saved = mark

    async def marked(self, streams: list[str]) -> Cursors:
        """How far the last leader evaluated, per stream (streams it never marked are missing)."""
        return load_cursors(await self.redis.get(CURSOR_KEY), streams)

    async def take_over(self, engine: AlertEngine) -> list[Card]:
        """Evaluates what `engine` followed past the previous leader's marks; the cards that raised.

        Call after engine.restore(): what the previous leader already said is then known and not repeated.
        """
        self._saved = None
        marks = await self.marked(engine.feed.streams)
        start: Cursors = {}
        for stream, live_from in engine.live_from.items():
            mark = marks.get(stream, live_from)
            # A mark from before this worker started: what lies between is history, not news.
            start[stream] = live_from if entry_order(mark) < entry_order(live_from) else mark
        published: list[Card] = []
        while page := await engine.feed.between(start, engine.cursors, count=PAGE):
            published += await engine.reevaluate(page.entries())
            start = page.advance(start)
        return published
