"""The durable outbox: alerts and notices appended to a Redis Stream, fanned out into one delivery per target.

Every step is a Lua script on one slot, so a crash at any point neither loses an alert nor sends a delivered
one again: an event read but not fanned out is claimed again (consumer group), a delivery taken but not
settled becomes due again when its lease runs out, a settled one is never taken again.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from assistant.alerts.outbox import keys
from assistant.alerts.outbox.targets import WebhookTarget
from assistant.infra.lua import lua_source
from assistant.infra.replies import entries, members, streams

MAX_EVENTS = 100_000
DEDUPE_TTL_S = 7 * 86_400
CLAIM_IDLE_MS = 30_000  # an event a dead worker read but did not fan out is taken over after this


class Outbox:
    """`await outbox.enqueue(stream_id, kind, payload)`: the one way any part sends something outside."""

    def __init__(self, redis: Redis, clock: Callable[[], float]):
        self.redis = redis
        self.clock = clock
        self.consumer = f"c-{secrets.token_hex(4)}"
        self.claim_idle_ms = CLAIM_IDLE_MS
        self._scripts = {name: redis.register_script(lua_source("assistant.alerts.outbox", name)) for name in ("enqueue", "fanout", "claim", "settle")}
        self._group_ready = False

    def now_ms(self) -> int:
        return int(self.clock())

    async def enqueue(self, stream_id: str, kind: str, payload: dict[str, Any], *, level: str | None = None,
                      text: dict[str, str] | None = None, dedupe_key: str | None = None) -> str:
        """Appends an event; the targets that want (stream, kind, level) each get it once. `text` (per language,
        "zh"/"en") is what IM robots show; without it the kind's template words it. A repeated `dedupe_key`
        returns the first event's id and adds nothing. Returns the event id."""
        fields = {"kind": kind, "stream_id": stream_id, "level": level or "", "ts": str(self.now_ms()),
                  "payload": json.dumps(payload, ensure_ascii=False), "text": json.dumps(text or {}, ensure_ascii=False)}
        args: list[Any] = ["1" if dedupe_key else "0", MAX_EVENTS, DEDUPE_TTL_S]
        for name, value in fields.items():
            args += [name, value]
        event_id, _ = await self._scripts["enqueue"](keys=[keys.EVENTS, keys.dedupe(dedupe_key or "-")], args=args)
        return event_id.decode() if isinstance(event_id, bytes) else str(event_id)

    async def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:  # from the start of the stream: events enqueued before any dispatcher ran are still sent
            await self.redis.xgroup_create(keys.EVENTS, keys.GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    async def read_events(self, *, block_ms: int | None = None, count: int = 100) -> list[dict[str, Any]]:
        """Events this consumer should fan out: any a dead consumer left behind, then new ones."""
        await self._ensure_group()
        claimed = await self.redis.xautoclaim(keys.EVENTS, keys.GROUP, self.consumer, self.claim_idle_ms, "0-0",
                                              count=count)
        rows = entries(claimed[1])
        if not rows:
            answer = await self.redis.xreadgroup(keys.GROUP, self.consumer, {keys.EVENTS: ">"}, count=count,
                                                 block=block_ms)
            rows = [row for _, read in streams(answer) for row in read]
        return [_event(entry_id, fields) for entry_id, fields in rows if fields]

    async def fan_out(self, event: dict[str, Any], targets: list[WebhookTarget]) -> int:
        now = self.now_ms()
        args: list[Any] = [keys.GROUP, event["id"], now]
        for target in targets:
            delivery = {"id": f"{event['id']}:{target.id}", "event": event, "target_id": target.id,
                        "stream_id": event["stream_id"], "kind": event["kind"], "level": event["level"],
                        "status": "pending", "attempts": 0, "created_ms": now, "next_ms": now,
                        "delivered_ms": None, "last_error": None, "last_status": None}
            args += [delivery["id"], json.dumps(delivery, ensure_ascii=False)]
        await self._scripts["fanout"](keys=[keys.EVENTS, keys.DELIVERIES, keys.DUE, keys.RECENT], args=args)
        return len(targets)

    async def claim_due(self, lease_ms: int, limit: int) -> list[dict[str, Any]]:
        rows = await self._scripts["claim"](keys=[keys.DUE, keys.DELIVERIES], args=[self.now_ms(), lease_ms, limit])
        return [json.loads(row) for row in rows]

    async def settle(self, delivery: dict[str, Any], next_ms: int | None) -> None:
        await self._scripts["settle"](
            keys=[keys.DUE, keys.DELIVERIES, keys.RECENT],
            args=[delivery["id"], json.dumps(delivery, ensure_ascii=False), "" if next_ms is None else next_ms,
                  self.now_ms()])

    async def next_due_ms(self) -> int | None:
        first = await self.redis.zrange(keys.DUE, 0, 0, withscores=True)
        return int(first[0][1]) if first else None

    async def deliveries(self, *, status: str | None = None, stream_id: str | None = None,
                         target_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Newest change first, the event's payload left out (ops want the status, not the body again)."""
        ids = members(await self.redis.zrevrange(keys.RECENT, 0, 4999))
        rows = await self.redis.hmget(keys.DELIVERIES, ids) if ids else []
        found: list[dict[str, Any]] = []
        for row in rows:
            if row is None:
                continue
            delivery = json.loads(row)
            if (status and delivery["status"] != status) or (stream_id and delivery["stream_id"] != stream_id) or (
                    target_id and delivery["target_id"] != target_id):
                continue
            event = delivery.pop("event")
            found.append({**delivery, "event_id": event["id"], "event_ts": event["ts"]})
            if len(found) >= limit:
                break
        return found

    async def trim(self, older_than_ms: int) -> int:
        """Forgets settled deliveries last changed before `older_than_ms` (pending ones are kept)."""
        old = members(await self.redis.zrangebyscore(keys.RECENT, "-inf", older_than_ms, start=0, num=1000))
        if not old:
            return 0
        due = await self.redis.zmscore(keys.DUE, old)
        settled = [i for i, score in zip(old, due, strict=True) if score is None]
        if settled:
            pipe = self.redis.pipeline(transaction=True)
            pipe.zrem(keys.RECENT, *settled)
            pipe.hdel(keys.DELIVERIES, *settled)
            await pipe.execute()
        return len(settled)

    async def schedule_escalation(self, stream_id: str, card_id: str, at_ms: int) -> None:
        """Checks at `at_ms` whether the card was acknowledged; the first schedule of a card stands."""
        await self.redis.zadd(keys.ESCALATIONS, {f"{stream_id}|{card_id}": at_ms}, nx=True)

    async def due_escalations(self) -> list[tuple[str, str]]:
        due = await self.redis.zrangebyscore(keys.ESCALATIONS, "-inf", self.now_ms(), start=0, num=100)
        return [(stream_id, card_id) for stream_id, _, card_id in (m.partition("|") for m in members(due))]

    async def escalation_done(self, stream_id: str, card_id: str) -> None:
        await self.redis.zrem(keys.ESCALATIONS, f"{stream_id}|{card_id}")


def _event(entry_id: str, values: dict[str, str]) -> dict[str, Any]:
    return {"id": entry_id, "kind": values["kind"],
            "stream_id": values["stream_id"], "level": values["level"] or None, "ts": int(values["ts"]),
            "payload": json.loads(values["payload"]), "text": json.loads(values.get("text") or "{}")}
