"""The waitlists in Redis: join, leave, sizes, notices, the comments outbox and its cursor, counters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from assistant.infra.replies import entries, members, text
from assistant.waitlist import keys
from assistant.waitlist.scripts import WaitlistScripts

OUTBOX_MAXLEN = 10_000
COUNTERS = ("joined", "left", "notices", "notified", "held", "bought_within_hold", "bought_after_notice")


@dataclass(frozen=True)
class Join:
    stream_id: str
    sku: str
    user_id: str  # always the commenting viewer's own id, never anything a comment says
    mention: str
    lang: str


@dataclass(frozen=True)
class Issued:
    outcome: str  # issued | existing | deferred | nobody
    notice: dict[str, Any] | None = None
    due_ms: int | None = None


class WaitlistStore:
    def __init__(self, redis: Redis, *, retention_hours: int = 72):
        self.redis = redis
        self.retention_ms = retention_hours * 3_600_000
        self.scripts = WaitlistScripts(redis)

    # --- viewers ------------------------------------------------------------------------------------------
    async def join_many(self, joins: Sequence[Join], now_ms: int) -> list[tuple[bool, int]]:
        """(newly joined, waitlist size) per join, in order: one script per room, one round trip in all."""
        if not joins:
            return []
        rooms: dict[str, list[int]] = {}
        for index, j in enumerate(joins):
            rooms.setdefault(j.stream_id, []).append(index)
        pipe = self.redis.pipeline(transaction=False)
        for stream_id, indexes in rooms.items():
            skus = list(dict.fromkeys(joins[i].sku for i in indexes))
            room = [keys.viewers(stream_id), keys.last_join(stream_id), keys.skus(stream_id), keys.stats(stream_id),
                    *(keys.waiters(stream_id, sku) for sku in skus)]
            args: list[Any] = [now_ms, self.retention_ms, len(indexes)]
            for i in indexes:
                j = joins[i]
                args += [j.user_id, json.dumps({"mention": j.mention, "lang": j.lang}, ensure_ascii=False), j.sku,
                         5 + skus.index(j.sku)]
            await self.scripts["join"](keys=room, args=args, client=pipe)
        for stream_id, sku in dict.fromkeys((j.stream_id, j.sku) for j in joins):
            pipe.sadd(keys.rooms(sku), stream_id)  # the SKU's index of waiting rooms: the SKU's slot, own command
            pipe.pexpire(keys.rooms(sku), self.retention_ms)
        pipe.sadd(keys.STREAMS, *rooms)
        answers = await pipe.execute()
        results: list[tuple[bool, int]] = [(False, 0)] * len(joins)
        for (_, indexes), answer in zip(rooms.items(), answers[:len(rooms)], strict=True):
            for i, (added, size) in zip(indexes, answer, strict=True):
                results[i] = (bool(int(added)), int(size))
        return results

    async def last_joined(self, stream_id: str, user_ids: Sequence[str]) -> dict[str, str]:
        if not user_ids:
            return {}
        raw = await self.redis.hmget(keys.last_join(stream_id), list(user_ids))
        return {u: text(s) for u, s in zip(user_ids, raw, strict=True) if s is not None}

    async def leave(self, stream_id: str, user_id: str, skus: Sequence[str] | None = None) -> list[str]:
        """Takes the viewer off the named variants' lists (all of theirs in the room when None)."""
        wanted = list(skus) if skus is not None else members(await self.redis.zrange(keys.skus(stream_id), 0, -1))
        if not wanted:
            return []
        room = [keys.last_join(stream_id), keys.stats(stream_id), keys.skus(stream_id),
                *(keys.waiters(stream_id, sku) for sku in wanted)]
        left = await self.scripts["leave"](keys=room, args=[user_id, *wanted])
        return [text(s) for s in left]

    async def sizes(self, stream_id: str, now_ms: int) -> dict[str, int]:
        """Viewers waiting per SKU in the room (entries past the retention do not count)."""
        skus = members(await self.redis.zrange(keys.skus(stream_id), 0, -1))
        if not skus:
            return {}
        pipe = self.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.zcount(keys.waiters(stream_id, sku), now_ms - self.retention_ms, "+inf")
        return {sku: int(n) for sku, n in zip(skus, await pipe.execute(), strict=True) if int(n)}

    async def waiting(self, stream_id: str, sku: str, now_ms: int) -> list[str]:
        raw = await self.redis.zrangebyscore(keys.waiters(stream_id, sku), now_ms - self.retention_ms, "+inf")
        return members(raw)

    async def streams(self) -> list[str]:
        return sorted(text(s) for s in await self.redis.smembers(keys.STREAMS))

    async def rooms_of(self, skus: Sequence[str]) -> dict[str, list[str]]:
        pipe = self.redis.pipeline(transaction=False)
        for sku in skus:
            pipe.smembers(keys.rooms(sku))
        return {sku: sorted(text(s) for s in rooms) for sku, rooms in zip(skus, await pipe.execute(), strict=True)}

    # --- notices ------------------------------------------------------------------------------------------
    async def issue(self, stream_id: str, sku: str, return_key: str, joined_before_ms: int, now_ms: int,
                    notice_id: str, cooldown_ms: int, head: dict[str, Any]) -> Issued:
        room = [keys.waiters(stream_id, sku), keys.viewers(stream_id), keys.done(stream_id), keys.notices(stream_id),
                keys.stats(stream_id), keys.last_notice(stream_id), keys.deferred(stream_id), keys.skus(stream_id),
                keys.unfinished(stream_id)]
        args: list[str | int] = [now_ms, self.retention_ms, sku, return_key, joined_before_ms, notice_id, cooldown_ms,
                json.dumps(head, ensure_ascii=False)]
        outcome, body = (text(x) for x in await self.scripts["issue_notice"](keys=room, args=args))
        if outcome == "deferred":
            return Issued(outcome, due_ms=int(float(body)))
        return Issued(outcome, notice=json.loads(body) if body else None)

    async def due(self, stream_id: str, now_ms: int) -> list[str]:
        return members(await self.redis.zrangebyscore(keys.deferred(stream_id), "-inf", now_ms))

    async def rooms_with(self, part: str, stream_ids: Sequence[str]) -> list[str]:
        """The rooms whose deferred returns or unfinished notices (part) are not empty."""
        pipe = self.redis.pipeline(transaction=False)
        for stream_id in stream_ids:
            pipe.zcard(getattr(keys, part)(stream_id))
        return [s for s, n in zip(stream_ids, await pipe.execute(), strict=True) if int(n)]

    async def unfinished(self, stream_id: str) -> list[dict[str, Any]]:
        ids = members(await self.redis.zrange(keys.unfinished(stream_id), 0, -1))
        raw = await self.redis.hmget(keys.notices(stream_id), ids) if ids else []
        return [json.loads(r) for r in raw if r is not None]

    async def publish(self, notice: dict[str, Any], parts: Sequence[dict[str, Any]]) -> bool:
        stream_id, sku = notice["stream_id"], notice["sku"]
        room = [keys.notices(stream_id), keys.outbox(stream_id), keys.notified(stream_id, sku), keys.stats(stream_id),
                keys.unfinished(stream_id)]
        held = sum(1 for h in notice.get("holds", []) if h.get("hold_id"))
        args = [notice["id"], json.dumps(notice, ensure_ascii=False), self.retention_ms, OUTBOX_MAXLEN, held,
                len(parts), *(json.dumps(p, ensure_ascii=False) for p in parts),
                *(v["user_id"] for v in notice["viewers"])]
        return bool(await self.scripts["publish_notice"](keys=room, args=args))

    async def notices(self, stream_id: str) -> list[dict[str, Any]]:
        raw = await self.redis.hvals(keys.notices(stream_id))
        return sorted((json.loads(r) for r in raw), key=lambda n: (n["ts"], n["id"]), reverse=True)

    async def notice(self, stream_id: str, notice_id: str) -> dict[str, Any] | None:
        raw = await self.redis.hget(keys.notices(stream_id), notice_id)
        return json.loads(raw) if raw else None

    async def rejoin(self, stream_id: str, sku: str, viewers: Sequence[dict[str, Any]], ts: int, *,
                     record: dict[str, Any] | None = None) -> None:
        """Viewers a notice could not honestly tell (sold again first) wait as before, with their first join
        time; record: the notice as it now stands (withdrawn), no longer unfinished."""
        pipe = self.redis.pipeline(transaction=False)
        if viewers:
            pipe.zadd(keys.waiters(stream_id, sku), {v["user_id"]: v["joined_ms"] for v in viewers}, nx=True)
            pipe.zadd(keys.skus(stream_id), {sku: ts})
            pipe.sadd(keys.rooms(sku), stream_id)
            pipe.pexpire(keys.rooms(sku), self.retention_ms)
            pipe.hincrby(keys.stats(stream_id), "notified", -len(viewers))
            pipe.hincrby(keys.stats(stream_id), f"notified|{sku}", -len(viewers))
        if record is not None:
            pipe.hset(keys.notices(stream_id), record["id"], json.dumps(record, ensure_ascii=False))
            pipe.zrem(keys.unfinished(stream_id), record["id"])
        await pipe.execute()

    # --- the comments outbox ------------------------------------------------------------------------------
    async def pending_parts(self, stream_id: str, count: int) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
        """(cursor read, the next parts after it), in one round trip: every comments response asks."""
        cursor, rows = await self.scripts["pending_parts"](
            keys=[keys.outbox_cursor(stream_id), keys.outbox(stream_id)], args=[count])
        return text(cursor), outbox_parts(rows)

    async def advance(self, stream_id: str, read: str, to: str) -> bool:
        return bool(await self.scripts["advance_cursor"](keys=[keys.outbox_cursor(stream_id)],
                                                         args=[read, to, self.retention_ms]))

    # --- counters -----------------------------------------------------------------------------------------
    async def count_bought(self, sales: Sequence[tuple[str, str, str, str]]) -> None:
        """(stream, sku, buyer, waitlist hold id or '') per sale, in one pipeline; replays count nothing twice."""
        if not sales:
            return
        pipe = self.redis.pipeline(transaction=False)
        for stream_id, sku, buyer, hold_id in sales:
            await self.scripts["count_bought"](keys=[keys.notified(stream_id, sku), keys.stats(stream_id)],
                                               args=[buyer, sku, hold_id, self.retention_ms], client=pipe)
        await pipe.execute()

    async def stats(self, stream_id: str) -> dict[str, Any]:
        raw = {text(k): int(v) for k, v in (await self.redis.hgetall(keys.stats(stream_id))).items()
               if b":" not in k}
        totals = {c: raw.get(c, 0) for c in COUNTERS}
        per_sku: dict[str, dict[str, int]] = {}
        for name, value in raw.items():
            counter, _, sku = name.partition("|")
            if sku and counter in COUNTERS:
                per_sku.setdefault(sku, dict.fromkeys(COUNTERS, 0))[counter] = value
        return {"totals": totals, "skus": per_sku}

    async def record_event(self, stream_id: str, event_id: str, event: dict[str, Any]) -> bool:
        args: list[str | int] = [event_id, json.dumps(event, ensure_ascii=False), self.retention_ms]
        return bool(await self.scripts["record_event"](keys=[keys.event_ids(stream_id), keys.events(stream_id)],
                                                       args=args))

    async def events(self, stream_id: str, after: str | None, count: int) -> list[tuple[str, dict[str, Any]]]:
        rows = await self.redis.xrange(keys.events(stream_id), min=f"({after}" if after else "-", max="+", count=count)
        return [(i, json.loads(f["event"])) for i, f in entries(rows)]


def outbox_parts(rows: Any) -> list[tuple[str, dict[str, Any]]]:
    """The notice parts of an outbox read (XRANGE rows as a script returns them): (entry id, part)."""
    parts = []
    for entry_id, flat in rows:
        fields = dict(zip(flat[::2], flat[1::2], strict=True))
        parts.append((text(entry_id), json.loads(fields[b"part"])))
    return parts
