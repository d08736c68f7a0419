"""The ask event: what the comment pipeline publishes for every processed comment.

Published to the live room's own ask stream (`ask_stream(room)`, one entry per comment, kept by age); the demand
capability consumes every room's (listed in ASK_ROOMS).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.infra.lua import lua_source
from assistant.infra.replies import RawMap, text_map

# One stream per live room, under the room's hash tag (one Cluster slot, beside its sa:dm:{room} counts and
# sa:comments:{room} results): one room's volume never pushes another room's asks out, and each room's entries
# are trimmed by their own age (see publish_asks.lua).
ASK_ROOMS = "sa:asks:rooms"  # zset room -> latest ask ts (ms, the service clock): the streams demand reads
LEGACY_ASKS_STREAM = "sa:asks"  # before per-room streams: one for all rooms; read until it is stale, then deleted
ASKS_MAXLEN = 500_000  # per room, a ceiling for floods; entries otherwise stay the demand retention
# A worker lists a room again at most this often (one ZADD round trip); in between, a batch is one script call.
RELIST_EVERY_MS = 60_000


def ask_stream(stream_id: str) -> str:
    return f"sa:asks:{{{stream_id}}}"

ASKING_INTENTS = frozenset({"availability", "size_advice"})
# Skip reasons that mean "not demand"; any other skip of an asking intent is a real question left unanswered
# (merged into another reply, cooldown, reply budget, guard), and 60 viewers asking is the signal itself.
NOT_DEMAND_REASONS = frozenset({"injection", "abuse", "chatter", "spam", "not_a_stock_question"})


@dataclass(frozen=True)
class AskEvent:
    stream_id: str
    comment_id: str
    user_id: str
    text: str
    intent: str  # availability | size_advice | other
    language: str
    ts_ms: int
    product_id: str | None = None
    colour: str | None = None
    size: str | None = None
    sku: str | None = None  # set when the comment resolved to one variant
    status: str | None = None  # that variant's status when asked: in_stock | low | sold_out
    unknown_colour: str | None = None  # asked for a colour/size/product the catalog does not offer
    unknown_size: str | None = None
    unknown_product: str | None = None
    action: str = "reply"  # reply | clarify | skip
    # Why the pipeline answered as it did (the comment result's "reason"): lets demand tell a question that
    # was merely not answered again (merged_into:..., viewer_cooldown, answered_recently, reply_budget) from
    # one that is not a question at all (injection, abuse, chatter). Optional: older producers omit it.
    reason: str | None = None

    def fields(self) -> dict[str, str]:
        # vars() equals asdict() for this flat dataclass, without asdict's deep copies (~2 µs vs ~27 µs).
        return {k: str(v) for k, v in vars(self).items() if v is not None}

    @classmethod
    def from_fields(cls, raw: RawMap) -> AskEvent:
        data: dict[str, Any] = text_map(raw)
        data["ts_ms"] = int(data["ts_ms"])
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def is_demand(event: AskEvent) -> bool:
    """A question about stock: an asking intent, not refused as injection/abuse/chatter."""
    if event.intent not in ASKING_INTENTS:
        return False
    return not (event.reason and event.reason.split(":", 1)[0] in NOT_DEMAND_REASONS)


class AskPublisher:
    """Publishes a batch of AskEvents to their rooms' ask streams, one script call per room (one round trip for
    the usual one-room batch), one entry per event; lists a room in ASK_ROOMS first, so demand finds it."""

    def __init__(self, redis: Any, *, retention_s: int = 72 * 3600):
        self.redis = redis
        self._script = redis.register_script(lua_source("assistant.demand", "publish_asks"))
        self.retention_ms = retention_s * 1000
        self._listed: dict[str, int] = {}  # room -> the latest ask ts this worker listed it with

    async def publish(self, events: Sequence[AskEvent]) -> None:
        by_room: dict[str, list[AskEvent]] = defaultdict(list)
        for event in events:
            by_room[event.stream_id].append(event)
        latest = {room: max(e.ts_ms for e in batch) for room, batch in by_room.items()}
        due = {room: ts for room, ts in latest.items() if ts - self._listed.get(room, -RELIST_EVERY_MS) >= RELIST_EVERY_MS}
        if due:  # before the entries: a consumer that finds a room's entry finds the room listed (on one Redis)
            await self.redis.zadd(ASK_ROOMS, due, gt=True)
            self._listed.update(due)
        for room, batch in by_room.items():
            flat = [[item for pair in e.fields().items() for item in pair] for e in batch]
            await self._script(keys=[ask_stream(room)], args=[ASKS_MAXLEN, json.dumps(flat, ensure_ascii=False),
                                                              self.retention_ms])
