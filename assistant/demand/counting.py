"""Turns a batch of ask events and ledger movements into Redis writes: summed in Python, one script call.

500 comments on a few hundred variants become one script call per stream carrying a few hundred increments
and asker updates; key names are spelled once per batch, not once per event.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redis.commands.core import AsyncScript

from assistant.demand import keys
from assistant.demand.events import AskEvent, is_demand

UNMET_STATUSES = {"sold_out": "so", "low": "lo"}
SALE_TYPES = {"sale": 1, "cancel": -1}  # a cancel takes its order back out of the counts


@dataclass
class StreamCounts:
    """One stream's share of a batch. Asker maps are keyed by the key's builder and its argument."""

    by_minute: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    session: Counter[str] = field(default_factory=Counter)
    askers: dict[tuple[str, str], dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    groups: dict[str, str] = field(default_factory=dict)  # group id -> JSON meta (set once)
    phrases: dict[str, str] = field(default_factory=dict)  # phrase table field -> group id
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    first_ts: int | None = None
    last_ts: int = 0

    def add(self, minute_no: int, name: str, delta: int = 1) -> None:
        self.by_minute[minute_no][name] += delta
        self.session[name] += delta

    def seen(self, kind: str, of: str, user: str, ts: int) -> None:
        members = self.askers[(kind, of)]
        if ts > members.get(user, -1):
            members[user] = ts

    def span(self, ts: int) -> None:
        self.first_ts = ts if self.first_ts is None else min(self.first_ts, ts)
        self.last_ts = max(self.last_ts, ts)


_ASKER_KEYS = {"item": keys.askers, "unmet": keys.unmet_askers}


@dataclass
class CountBatch:
    retention_s: int
    streams: dict[str, StreamCounts] = field(default_factory=lambda: defaultdict(StreamCounts))
    asks: int = 0

    # --- asks ---------------------------------------------------------------------------------------
    def add_ask(self, event: AskEvent, groups: Mapping[tuple[str, str], str]) -> None:
        """groups: (kind, phrase) -> group id for the event's unknown colour/size/product."""
        counts, ts, user = self.streams[event.stream_id], event.ts_ms, event.user_id
        counts.session["events"] += 1
        counts.span(ts)
        if not is_demand(event):
            return
        self.asks += 1
        minute_no = ts // 60_000
        counts.add(minute_no, "t")
        counts.seen("stream", "", user, ts)
        unknown = [(kind, phrase) for kind, phrase in unknown_phrases(event) if (kind, phrase) in groups]
        for kind, phrase in unknown:
            group_id = groups[(kind, phrase)]
            item = keys.group_item(group_id)
            counts.add(minute_no, f"q|{item}")
            counts.seen("item", item, user, ts)
            counts.examples[group_id].append(event.text)
        if unknown or not event.product_id:
            return  # what the catalog lacks is not an ask of an existing item
        item = keys.item_id(event.product_id, event.colour, event.size)
        counts.add(minute_no, f"q|{item}")
        counts.seen("item", item, user, ts)
        short = UNMET_STATUSES.get(event.status or "")
        if short:
            counts.add(minute_no, f"{short}|{item}")
            counts.seen("unmet", item, user, ts)

    def add_groups(self, stream_id: str, new_groups: Mapping[str, dict[str, str]],
                   new_phrases: Mapping[str, str]) -> None:
        counts = self.streams[stream_id]
        for group_id, meta in new_groups.items():
            counts.groups[group_id] = json.dumps(meta, ensure_ascii=False)
        counts.phrases.update(new_phrases)

    # --- sales --------------------------------------------------------------------------------------
    def add_movement(self, fields: Mapping[str, str]) -> bool:
        """A ledger movement; only sales and cancels of orders from a live room count. True when counted."""
        sign = SALE_TYPES.get(fields.get("type", ""))
        stream_id, sku = fields.get("stream"), fields.get("sku")
        if sign is None or not stream_id or not sku:
            return False
        try:
            ts = int(float(fields.get("ts") or 0))
            units = abs(int(float(fields.get("qty") or 0)))
        except ValueError:
            return False  # not the ledger's shape: skip it rather than block the stream behind it
        counts = self.streams[stream_id]
        counts.add(ts // 60_000, f"s|{sku}", sign * units)
        counts.add(ts // 60_000, f"o|{sku}", sign)
        counts.span(ts)
        return True

    # --- the one round trip -------------------------------------------------------------------------
    async def queue(self, pipe: Any, script: AsyncScript) -> None:
        """One script call per stream carries its whole share of the batch as JSON (lua/count.lua)."""
        for stream_id, counts in self.streams.items():
            call = _ScriptCall()
            for minute_no, fields in counts.by_minute.items():
                call.increments(keys.minute(stream_id, minute_no), fields)
            call.increments(keys.session(stream_id), counts.session)
            for (kind, of), members in counts.askers.items():
                key = keys.stream_askers(stream_id) if kind == "stream" else _ASKER_KEYS[kind](stream_id, of)
                call.op("z", key, [x for user, ts in members.items() for x in (str(ts), user)])
            for group_id, meta in counts.groups.items():
                call.op("s", keys.groups(stream_id), group_id, meta)
            for name, group_id in counts.phrases.items():  # HSETNX: the first claim stands (phrase_claims)
                call.op("s", keys.phrases(stream_id), name, group_id)
            for group_id, texts in counts.examples.items():
                call.op("l", keys.examples(stream_id, group_id), keys.EXAMPLES_KEPT, list(dict.fromkeys(texts)))
            if counts.first_ts is not None:
                call.op("s", keys.session(stream_id), "first_ts", str(counts.first_ts))
            payload = json.dumps(call.ops, ensure_ascii=False, separators=(",", ":"))
            await script(keys=call.keys, args=[self.retention_s, payload], client=pipe)
        last_seen = {s: c.last_ts for s, c in self.streams.items() if c.first_ts is not None}
        if last_seen:
            pipe.zadd(keys.STREAMS, last_seen, gt=True)
            pipe.zremrangebyscore(keys.STREAMS, "-inf", max(last_seen.values()) - self.retention_s * 1000)
            pipe.expire(keys.STREAMS, self.retention_s)


@dataclass
class _ScriptCall:
    keys: list[str] = field(default_factory=list)
    ops: dict[str, list[list[Any]]] = field(default_factory=lambda: defaultdict(list))
    _positions: dict[str, int] = field(default_factory=dict)

    def _index(self, key: str) -> int:
        """The key's 1-based position in KEYS (Lua's indexing), declaring it on first use."""
        position = self._positions.get(key)
        if position is None:
            self.keys.append(key)
            position = self._positions[key] = len(self.keys)
        return position

    def increments(self, key: str, fields: Mapping[str, int]) -> None:
        index = self._index(key)
        self.ops["i"].extend([index, name, delta] for name, delta in fields.items() if delta)

    def op(self, code: str, key: str, *values: Any) -> None:
        self.ops[code].append([self._index(key), *values])


def unknown_phrases(event: AskEvent) -> Iterable[tuple[str, str]]:
    for kind, phrase in (("product", event.unknown_product), ("colour", event.unknown_colour),
                         ("size", event.unknown_size)):
        if phrase and phrase.strip():
            yield kind, phrase.strip()
