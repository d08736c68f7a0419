"""Reading redis-py's replies: one place that turns them into str.

Our client keeps redis-py's default (no decode_responses: ledger scripts and vectors are bytes), but redis-py's
type hints say `bytes | str` for every reply, because they cover either setting and RESP2/RESP3. These helpers
decode what is bytes and pass what is str, so callers neither repeat `.decode()` nor cast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Reply = bytes | str
# One stream entry as redis-py types it: (id, fields); either may be None in a trimmed-away XCLAIM answer.
# Mapping is invariant in its key, so a hash may arrive typed by any of these shapes.
RawMap = Mapping[Reply, Reply] | Mapping[bytes, bytes] | Mapping[str, str]
RawEntry = tuple[Reply | None, RawMap | None]
Entry = tuple[str, dict[str, str]]


def text(value: Reply) -> str:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a bytes or str reply, got {type(value).__name__}")


def blob(value: Reply) -> bytes:
    """A binary value (a stored vector): bytes as stored; a str would mean a decoding client mangled it."""
    if isinstance(value, bytes):
        return value
    raise TypeError(f"expected a bytes reply for a binary value, got {type(value).__name__}")


def text_or_none(value: Reply | None) -> str | None:
    return None if value is None else text(value)


def members(values: Iterable[Any]) -> list[str]:
    """Members of a ZRANGE without scores, SMEMBERS, HKEYS ... as str (redis-py types the first two loosely)."""
    return [text(v) for v in values]


def text_map(mapping: RawMap | None) -> dict[str, str]:
    """A hash (HGETALL) or stream entry's fields as str -> str; an absent one as {}."""
    return {text(k): text(v) for k, v in (mapping or {}).items()}


def entries(rows: Sequence[RawEntry] | Sequence[Any] | None) -> list[Entry]:
    """XRANGE / XREVRANGE rows (or one stream's XREAD rows) as (id, fields), decoded.

    Only XCLAIM's hints allow an entry without an id; none of these replies has one, so none is dropped here.
    """
    return [(text(entry_id), text_map(fields)) for entry_id, fields in rows or [] if entry_id is not None]


def last_id(rows: Sequence[RawEntry] | None, default: str = "0-0") -> str:
    """The id of a one-row XREVRANGE answer (the stream's newest entry), else `default` for an empty stream."""
    newest = rows[0][0] if rows else None
    return default if newest is None else text(newest)


def streams(reply: Any) -> list[tuple[str, list[Entry]]]:
    """An XREAD / XREADGROUP answer as (stream key, entries), in RESP2's list or RESP3's dict shape."""
    pairs = reply.items() if isinstance(reply, Mapping) else (reply or [])
    return [(text(key), entries(rows)) for key, rows in pairs]
