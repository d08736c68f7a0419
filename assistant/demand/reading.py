"""Reads one stream's counts for a window (whole minutes, or the session roll-up) in two round trips."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from assistant.demand import keys
from assistant.errors import InvalidInput
from assistant.infra.lua import lua_source

MINUTE_MS = 60_000


@dataclass(frozen=True)
class Window:
    seconds: int | None  # None: the whole session
    label: str

    def start_ms(self, now_ms: float) -> int | None:
        """Rounded down to a whole minute, so asks (minute buckets) and askers (timestamps) cover the same span."""
        if self.seconds is None:
            return None
        return int((now_ms - self.seconds * 1000) // MINUTE_MS) * MINUTE_MS


SESSION = Window(None, "session")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_window(raw: str | None, *, max_seconds: int, default: Window = SESSION) -> Window:
    if raw is None or raw == "":
        return default
    text = raw.strip().lower()
    if text == "session":
        return SESSION
    number, unit = text[:-1], text[-1:]
    if unit not in _UNITS or not number.isdigit() or int(number) <= 0:
        raise InvalidInput(f"window: '{raw}' is not a window; use e.g. 10m, 1h or session",
                           code="invalid_window")
    seconds = int(number) * _UNITS[unit]
    if seconds > max_seconds:
        raise InvalidInput(f"window: at most {max_seconds // 3600}h (the retention period), or session",
                           code="invalid_window")
    return Window(seconds, text)


@dataclass
class Counts:
    asks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sold_out: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    low: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sales: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # sku -> units
    orders: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # sku -> orders
    askers: dict[str, int] = field(default_factory=dict)
    unmet_askers: dict[str, int] = field(default_factory=dict)
    total_asks: int = 0
    stream_askers: int = 0
    extra: dict[str, str] = field(default_factory=dict)  # session fields: first_ts, events

    def unmet(self, item: str) -> int:
        return self.sold_out.get(item, 0) + self.low.get(item, 0)


_BY_PREFIX = {"q": "asks", "so": "sold_out", "lo": "low", "s": "sales", "o": "orders"}


def _add_fields(counts: Counts, raw: dict[bytes, bytes]) -> None:
    for name_b, value_b in raw.items():
        name = name_b.decode()
        prefix, sep, rest = name.partition(keys.SEP)
        if sep and prefix in _BY_PREFIX:
            getattr(counts, _BY_PREFIX[prefix])[rest] += int(value_b)
        elif name == "t":
            counts.total_asks += int(value_b)
        else:
            counts.extra[name] = value_b.decode()


# Registered once per client (EVALSHA: the script text goes to Redis once, not with every read).
_COUNT_SINCE: WeakKeyDictionary[Redis, AsyncScript] = WeakKeyDictionary()


def _count_since(redis: Redis) -> AsyncScript:
    if redis not in _COUNT_SINCE:
        _COUNT_SINCE[redis] = redis.register_script(lua_source("assistant.demand", "count_since"))
    return _COUNT_SINCE[redis]


async def read_counts(redis: Redis, stream_id: str, window: Window, now_ms: float) -> Counts:
    counts = Counts()
    start = window.start_ms(now_ms)
    pipe = redis.pipeline(transaction=False)
    if start is None:
        pipe.hgetall(keys.session(stream_id))
    else:
        for minute_no in range(start // MINUTE_MS, int(now_ms // MINUTE_MS) + 1):
            pipe.hgetall(keys.minute(stream_id, minute_no))
    for raw in await pipe.execute():
        _add_fields(counts, raw)
    items = sorted(counts.asks)
    zsets = [k for item in items for k in (keys.askers(stream_id, item), keys.unmet_askers(stream_id, item))]
    zsets.append(keys.stream_askers(stream_id))
    answers = await _count_since(redis)(keys=zsets, args=["-inf" if start is None else start])
    for index, item in enumerate(items):
        counts.askers[item] = int(answers[2 * index])
        counts.unmet_askers[item] = int(answers[2 * index + 1])
    counts.stream_askers = int(answers[-1])
    return counts


async def read_groups(redis: Redis, stream_id: str, group_ids: list[str]) -> dict[str, dict[str, object]]:
    """Label, kind, phrasings and example comments of the not-offered groups asked about."""
    if not group_ids:
        return {}
    pipe = redis.pipeline(transaction=False)
    pipe.hgetall(keys.groups(stream_id))
    pipe.hgetall(keys.phrases(stream_id))
    for group_id in group_ids:
        pipe.lrange(keys.examples(stream_id, group_id), 0, -1)
    metas, phrase_table, *example_lists = await pipe.execute()
    phrasings: dict[str, list[str]] = defaultdict(list)
    for name_b, group_b in phrase_table.items():
        kind, sep, raw = name_b.decode().partition(keys.SEP)
        if sep:
            phrasings[group_b.decode()].append(raw)
    out: dict[str, dict[str, object]] = {}
    for group_id, examples in zip(group_ids, example_lists, strict=True):
        meta_raw = metas.get(group_id.encode())
        meta = json.loads(meta_raw) if meta_raw else {"kind": None, "label": group_id}
        texts = list(dict.fromkeys(e.decode() for e in examples))[:5]
        out[group_id] = {**meta, "phrasings": sorted(phrasings.get(group_id, [])), "examples": texts}
    return out
