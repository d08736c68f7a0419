"""The one way to follow the ledger's movements: every bucket's stream, one cursor per stream.

The ledger writes one movement stream per bucket (`keys.movement_streams(n)`, n = the ledger's bucket count,
`ledger.placement.count`; never the module default). A consumer keeps `Cursors`, a dict stream -> the last entry
id it took, where it used to keep one id; `dump_cursors`/`load_cursors` store it as one value (one key, one
Cluster slot), and read a position saved before buckets (one entry id) as the first bucket's stream's.

Reading: on one Redis one XREAD names every stream (one round trip, one blocking wait). On a Cluster the streams
sit in different slots, and a command may name one slot's keys only: one XREAD per stream in a pipeline (redis-py
splits it per node), and a blocking wait is a poll every `stream_wake.POLL_S` (as `infra/stream_wake.py` does).

Order across streams: an entry id is its Redis server's clock in ms, then a sequence number per stream.
`Batch.entries()` merges by id. On one Redis all streams share that clock, so the merge is the order the ledger
wrote in, to the millisecond (two buckets' entries of the same ms tie: their sequence numbers are per stream).
On a Cluster each stream's ids come from its own master's clock, so movements of different buckets written
within the nodes' clock skew may come in either order. What the merge always keeps is each stream's own order,
and that is what consumers rely on: a SKU lives in one bucket (a product's SKUs share one), so all of one SKU's
and one product's movements are in one stream, in the order they happened.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.typing import KeyT, StreamIdT

from assistant.infra.replies import Entry, entries, last_id, streams, text
from assistant.infra.stream_wake import POLL_S, on_cluster
from assistant.ledger import keys

if TYPE_CHECKING:
    from assistant.ledger.service import Ledger

Cursors = dict[str, str]  # stream -> the last entry id taken ("0-0": nothing yet)


def entry_order(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


@dataclass(frozen=True)
class Batch:
    """New entries, per stream, each stream's in its own order."""

    by_stream: dict[str, list[Entry]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.by_stream.values())

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.by_stream.values())

    def entries(self) -> list[Entry]:
        """All entries merged by id (exact on one Redis; each stream's order kept on a Cluster, see above)."""
        merged = [row for rows in self.by_stream.values() for row in rows]
        return sorted(merged, key=lambda row: entry_order(row[0]))  # stable: a stream's order is never changed

    def after(self, cursors: Mapping[str, str]) -> Batch:
        """Only the entries past each stream's cursor (a stream without one: all of its entries)."""
        return Batch({name: kept for name, rows in self.by_stream.items()
                      if (kept := [row for row in rows if entry_order(row[0]) > entry_order(cursors.get(name, "0-0"))])})

    def advance(self, cursors: Mapping[str, str]) -> Cursors:
        """The cursors moved to the last entry of each stream in this batch."""
        return {**cursors, **{name: rows[-1][0] for name, rows in self.by_stream.items() if rows}}


def dump_cursors(cursors: Mapping[str, str]) -> str:
    return json.dumps(dict(sorted(cursors.items())), separators=(",", ":"))


def load_cursors(raw: bytes | str | None, stream_names: Sequence[str]) -> Cursors:
    """A stored position: the JSON object of dump_cursors, or one entry id saved before the feed, which was the
    first bucket's stream's (the only one then). Only the given streams' cursors; None or unreadable: {}."""
    if raw is None or not stream_names:
        return {}
    value = text(raw).strip()
    if value.startswith("{"):
        try:
            found = json.loads(value)
        except ValueError:
            return {}
        return {name: str(found[name]) for name in stream_names if isinstance(found.get(name), str)}
    try:
        entry_order(value)
    except ValueError:
        return {}
    return {stream_names[0]: value}


class MovementFeed:
    def __init__(self, redis: Redis, stream_names: Sequence[str]):
        self.redis = redis
        self.streams = list(stream_names)

    @classmethod
    def of(cls, ledger: Ledger, redis: Redis | None = None) -> MovementFeed:
        """The feed of every stream of this ledger's buckets; `redis`: another client (a loop's own connection)."""
        return cls(redis or ledger.redis, keys.movement_streams(ledger.placement.count))

    def on(self, redis: Redis) -> MovementFeed:
        """The same streams through another client (blocking reads on a loop's own connection)."""
        return MovementFeed(redis, self.streams)

    def at(self, position: str) -> Cursors:
        """Every stream at one position ("0-0": from the start; f"{ms}-0": after a Redis time)."""
        return dict.fromkeys(self.streams, position)

    async def latest(self) -> Cursors:
        """Each stream's newest entry id ("0-0" when empty): start here to read only what comes next."""
        pipe = self.redis.pipeline(transaction=False)
        for name in self.streams:
            pipe.xrevrange(name, count=1)
        return {name: last_id(rows) for name, rows in zip(self.streams, await pipe.execute(), strict=True)}

    async def read(self, after: Mapping[str, str], *, count: int = 1000, block_ms: int = 0) -> Batch:
        """Entries after each stream's cursor, at most `count` per stream; waits up to block_ms for some when
        there are none yet (0: no wait). A stream missing from `after` is read from its start."""
        wanted = {name: after.get(name, "0-0") for name in self.streams}
        if not on_cluster(self.redis) or len(wanted) == 1:
            xread: dict[KeyT, StreamIdT] = dict(wanted.items())
            reply = await self.redis.xread(xread, count=count, block=block_ms or None)
            return Batch({name: rows for name, rows in streams(reply) if rows})
        deadline = time.monotonic() + block_ms / 1000
        while True:
            pipe = self.redis.pipeline(transaction=False)
            for name, cursor in wanted.items():
                pipe.xread({name: cursor}, count=count)
            found = Batch({name: rows for reply in await pipe.execute() for name, rows in streams(reply) if rows})
            left = deadline - time.monotonic()
            if found or left <= 0:
                return found
            await asyncio.sleep(min(POLL_S, left))

    async def between(self, after: Mapping[str, str], until: Mapping[str, str], *, count: int = 1000) -> Batch:
        """Entries after `after[stream]` up to `until[stream]` (inclusive), at most `count` per stream: a range
        read page by page (`after = batch.advance(after)`) until empty. Streams missing from `until`: none."""
        spans = [(name, after.get(name, "0-0"), until[name]) for name in self.streams
                 if name in until and entry_order(after.get(name, "0-0")) < entry_order(until[name])]
        if not spans:
            return Batch()
        pipe = self.redis.pipeline(transaction=False)
        for name, start, end in spans:
            pipe.xrange(name, min=f"({start}", max=end, count=count)
        answers: list[Any] = await pipe.execute()
        return Batch({name: rows for (name, _, _), reply in zip(spans, answers, strict=True)
                      if (rows := entries(reply))})

    async def recent(self, since_ms: int, until: Mapping[str, str], *, count: int) -> list[Entry]:
        """The entries from Redis time `since_ms` up to each stream's `until`, oldest first, at most the newest
        `count` of them (a warm-up: recent history, not news)."""
        names = [name for name in self.streams if name in until]
        pipe = self.redis.pipeline(transaction=False)
        for name in names:
            pipe.xrevrange(name, max=until[name], min=f"{since_ms}-0", count=count)
        batch = Batch({name: list(reversed(entries(reply)))
                       for name, reply in zip(names, await pipe.execute(), strict=True)})
        return batch.entries()[-count:] if count else []
