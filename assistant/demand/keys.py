"""Redis key names of the demand counts, and how an item (product, colour, size) is spelled in them.

Every key of one live stream shares the hash tag {stream_id}, so one stream's reads and writes stay on one
Redis Cluster slot. Every key expires `demand_retention_hours` after its last write.

  sa:dm:{S}:m:<minute>   hash, one per event-time minute: "q|<item>" asks, "so|<item>" asks while sold out,
                         "lo|<item>" asks while low, "s|<sku>" units sold, "o|<sku>" orders, "t" all asks
  sa:dm:{S}:tot          hash, the session roll-up: the same fields summed over the whole session, plus
                         "first_ts", "last_ts" and "events" (every comment seen, chatter included)
  sa:dm:{S}:a:<item>     zset asker -> ts of their latest ask of the item (exact unique askers per window)
  sa:dm:{S}:ua:<item>    zset asker -> ts of their latest ask while the item was sold out or low
  sa:dm:{S}:users        zset asker -> latest ask in the stream
  sa:dm:{S}:groups       hash group id -> {"kind", "label"} of a thing asked for that the catalog lacks
  sa:dm:{S}:phrases      hash "<kind>|<phrase>" -> group id (the grouping decided once per phrasing)
  sa:dm:{S}:ex:<group>   list, the latest example comments of a not-offered group (capped)
  sa:dm:streams          zset stream id -> last event ts (which streams have demand data)
"""

from __future__ import annotations

SEP = "|"
GROUP_PREFIX = "no:"  # items that are not-offered groups: "no:<group id>"
STREAMS = "sa:dm:streams"
GROUP_NAME = "demand"  # the consumer group on every ask stream and movement stream
EXAMPLES_KEPT = 12


def _base(stream_id: str) -> str:
    return f"sa:dm:{{{stream_id}}}"


def minute(stream_id: str, minute_no: int) -> str:
    return f"{_base(stream_id)}:m:{minute_no}"


def session(stream_id: str) -> str:
    return f"{_base(stream_id)}:tot"


def askers(stream_id: str, item: str) -> str:
    return f"{_base(stream_id)}:a:{item}"


def unmet_askers(stream_id: str, item: str) -> str:
    return f"{_base(stream_id)}:ua:{item}"


def stream_askers(stream_id: str) -> str:
    return f"{_base(stream_id)}:users"


def groups(stream_id: str) -> str:
    return f"{_base(stream_id)}:groups"


def phrases(stream_id: str) -> str:
    return f"{_base(stream_id)}:phrases"


def examples(stream_id: str, group_id: str) -> str:
    return f"{_base(stream_id)}:ex:{group_id}"


def _clean(part: str | None) -> str:
    return (part or "").replace(SEP, "/")


def item_id(product_id: str, colour: str | None, size: str | None) -> str:
    """"HD-101|black|L"; an empty part means the viewer did not name it ("HD-101|black|")."""
    return SEP.join((_clean(product_id), _clean(colour), _clean(size)))


def split_item(item: str) -> tuple[str, str | None, str | None]:
    product_id, colour, size = (item.split(SEP) + ["", ""])[:3]
    return product_id, colour or None, size or None


def group_item(group_id: str) -> str:
    return GROUP_PREFIX + group_id


def is_group(item: str) -> bool:
    return item.startswith(GROUP_PREFIX)
