"""What a new leader owes the hosts: the movements the previous leader read but never evaluated.

Followers read every movement without evaluating it (that keeps their velocity counters current). When the
leader dies, its lease lives on for up to its TTL while a follower reads on, so by the time the follower
takes over, its cursor is past movements nobody evaluated: a sell-out among them would never get a card.
The leader therefore stores how far it has evaluated, and a new leader evaluates from there up to its own
cursor before it goes on.
"""

from __future__ import annotations

from redis.asyncio import Redis

from assistant.alerts.card import Card
from assistant.alerts.engine import AlertEngine
from assistant.alerts.lease import LeaderLease, LeaseLost
from assistant.infra import replies
from assistant.infra.lua import lua_source
from assistant.ledger import keys
from assistant.ledger.feed import entry_order

CURSOR_KEY = "sa:{alerts}:cursor"
PAGE = 1000


class EvaluatedCursor:
    def __init__(self, redis: Redis, lease: LeaderLease):
        self.redis = redis
        self.lease = lease
        self._save = redis.register_script(lua_source("assistant.alerts", "save_cursor", "_lease"))
        self._saved: str | None = None

    async def save(self, cursor: str) -> None:
        """Marks everything up to `cursor` as evaluated; LeaseLost when another worker leads now."""
        if cursor == self._saved:
            return  # an idle step writes nothing
        if not await self._save(keys=[self.lease.key, CURSOR_KEY], args=[self.lease.token, cursor, self.lease.ttl_ms]):
            raise LeaseLost("the alerts lease is another worker's: so is the evaluated cursor")
        self._saved = cursor

    async def take_over(self, engine: AlertEngine) -> list[Card]:
        """Evaluates what `engine` followed past the previous leader's mark; the cards that raised.

        Call after engine.restore(): what the previous leader already said is then known and not repeated.
        """
        self._saved = None
        stored = await self.redis.get(CURSOR_KEY)
        start = replies.text(stored) if stored else engine.live_from
        if entry_order(start) < entry_order(engine.live_from):
            start = engine.live_from  # a mark from before this worker started: what lies between is history
        end = engine.cursor
        published: list[Card] = []
        while entry_order(start) < entry_order(end):
            rows = await self.redis.xrange(keys.MOVEMENTS, min=f"({start}", max=end, count=PAGE)
            if not rows:
                break
            entries = replies.entries(rows)
            published += await engine.reevaluate(entries)
            start = entries[-1][0]
        return published
