"""Every waitlist key, built here only.

A room's keys share the stream's hash tag, so each waitlist script touches one Cluster slot; the index of
rooms waiting on a SKU sits under the SKU's tag, beside the ledger's own keys for that SKU.
"""

from __future__ import annotations

STREAMS = "sa:wl:streams"  # rooms that ever had a waitlist (ops reads sizes per room)
MOVEMENT_CURSOR = "sa:wl:movement-cursor"  # the last ledger movement the notice watcher finished


def _room(stream_id: str, part: str, name: str = "") -> str:
    return f"sa:wl:{{{stream_id}}}:{part}" + (f":{name}" if name else "")


def waiters(stream_id: str, sku: str) -> str:
    """zset viewer id -> joined ms: one variant's waitlist in one room."""
    return _room(stream_id, "w", sku)


def viewers(stream_id: str) -> str:
    """hash viewer id -> JSON {mention, lang}: how a notice names the viewer."""
    return _room(stream_id, "viewers")


def last_join(stream_id: str) -> str:
    """hash viewer id -> the SKU they joined last: what a bare "蹲一个" or "不要了" means."""
    return _room(stream_id, "last")


def skus(stream_id: str) -> str:
    """zset SKU -> last join ms: the room's variants with a waitlist."""
    return _room(stream_id, "skus")


def notices(stream_id: str) -> str:
    """hash notice id -> notice JSON."""
    return _room(stream_id, "notices")


def done(stream_id: str) -> str:
    """hash '<movement id>|<sku>' -> notice id ('' when nobody waited): a movement makes one notice at most."""
    return _room(stream_id, "done")


def last_notice(stream_id: str) -> str:
    """hash SKU -> ms of its last notice: the per-variant notice cooldown."""
    return _room(stream_id, "last-notice")


def deferred(stream_id: str) -> str:
    """zset SKU -> ms its notice may go out: returns that came inside the cooldown."""
    return _room(stream_id, "deferred")


def unfinished(stream_id: str) -> str:
    """zset notice id -> issued ms: notices taken from the list but not yet published (finished on restart)."""
    return _room(stream_id, "unfinished")


def outbox(stream_id: str) -> str:
    """Redis stream of notice parts for the comments response, in order."""
    return _room(stream_id, "outbox")


def outbox_cursor(stream_id: str) -> str:
    """The last outbox entry a comments response carried."""
    return _room(stream_id, "outbox-cursor")


def notified(stream_id: str, sku: str) -> str:
    """hash viewer id -> notice id: who heard of this variant's return (for "bought after notice")."""
    return _room(stream_id, "notified", sku)


def stats(stream_id: str) -> str:
    """hash of counters: joined, left, notified, notices, held, bought_within_hold, bought_after_notice, and
    the same per SKU as '<counter>|<sku>'."""
    return _room(stream_id, "stats")


def settings(stream_id: str) -> str:
    return _room(stream_id, "settings")


def events(stream_id: str) -> str:
    """The interim webhook event log (until the shared outbox takes the events)."""
    return _room(stream_id, "events")


def event_ids(stream_id: str) -> str:
    return _room(stream_id, "event-ids")


def rooms(sku: str) -> str:
    """set of stream ids with viewers waiting on this SKU (a hint: a stale member finds an empty list)."""
    return f"sa:wl:{{{sku}}}:rooms"
