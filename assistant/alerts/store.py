"""Cards in Redis per stream, so another worker or a restart serves the same cards.

Keys (all expire after the retention): cards hash id -> card JSON (written by the engine only),
idx zset id -> updated_ts, latest hash product -> current card id, acks hash id -> ack ts,
superseded hash id -> id of the card that replaced it. Acks and supersessions are overlays, so a
host's ack never races the engine rewriting a card.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import WatchError

from assistant.alerts.lease import LeaderLease, LeaseLost
from assistant.errors import NotFound
from assistant.infra.replies import members, text_map

EVENTS_PREFIX = "sa:cards:events:"
TRIM_EVERY = 20


def _keys(stream_id: str) -> dict[str, str]:
    base = f"sa:cards:{{{stream_id}}}"
    return {part: f"{base}:{part}" for part in ("cards", "idx", "latest", "acks", "superseded")}


def events_channel(stream_id: str) -> str:
    return f"{EVENTS_PREFIX}{stream_id}"


class CardStore:
    def __init__(self, redis: Redis, *, kept: int = 200, retention_hours: int = 24):
        self.redis = redis
        self.kept = kept
        self.retention_s = retention_hours * 3600
        self._saved = 0

    async def save(self, card: dict[str, Any], *, supersede: Sequence[str] = (),
                   fence: LeaderLease | None = None, track_latest: bool = True) -> None:
        """Writes the card, marks the cards it replaces, trims, and announces it on the stream's channel.

        With a fence, only while that lease is ours (else LeaseLost): a leader that stalled past the lease's
        TTL must not add cards beside the new leader's. WATCH rather than a check before the write: EXEC
        fails if anyone takes the lease between the check and the write, however long that moment lasts.
        track_latest=False: a card from outside the engine (a waitlist card) that must not become the product's
        current card, which the engine restores its levels from and updates.
        """
        stream_id, card_id = card["stream_id"], card["id"]
        k = _keys(stream_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            if fence is not None:
                await pipe.watch(fence.key)
                if await pipe.get(fence.key) not in (fence.token.encode(), fence.token):
                    raise LeaseLost(f"card {card_id} not saved: the alerts lease is another worker's")
                pipe.multi()
            pipe.hset(k["cards"], card_id, json.dumps(card, ensure_ascii=False))
            # Ties on the ledger's millisecond keep the order cards were saved in (newest first when listed).
            self._saved += 1
            pipe.zadd(k["idx"], {card_id: int(card["updated_ts"]) + (self._saved % 1000) / 1000})
            if track_latest:
                pipe.hset(k["latest"], card["product_id"], card_id)
            for old in supersede:
                if old != card_id:
                    pipe.hset(k["superseded"], old, card_id)
            for key in k.values():
                pipe.expire(key, self.retention_s)
            if fence is not None:
                pipe.pexpire(fence.key, fence.ttl_ms)  # a leader busy saying things keeps its lease
            pipe.publish(events_channel(stream_id), json.dumps({"event": "card", "card": card}, ensure_ascii=False))
            try:
                await pipe.execute()
            except WatchError as error:
                raise LeaseLost(f"card {card_id} not saved: the alerts lease changed hands") from error
        if self._saved % TRIM_EVERY == 0:  # the bound may overshoot by a few cards between trims
            await self._trim(stream_id, int(card["updated_ts"]))

    async def _trim(self, stream_id: str, now_ms: int) -> None:
        k = _keys(stream_id)
        old = members(await self.redis.zrangebyscore(k["idx"], "-inf", now_ms - self.retention_s * 1000))
        excess = max(0, await self.redis.zcard(k["idx"]) - self.kept - len(old))
        if excess > 0:
            old += members(await self.redis.zrange(k["idx"], 0, excess - 1))
        if old:
            pipe = self.redis.pipeline(transaction=True)
            pipe.zrem(k["idx"], *old)
            for part in ("cards", "acks", "superseded"):
                pipe.hdel(k[part], *old)
            await pipe.execute()

    async def _read(self, stream_id: str, card_ids: list[str]) -> list[dict[str, Any] | None]:
        """Cards with their ack and supersession overlays, in one round trip; None for a card trimmed away."""
        if not card_ids:
            return []
        k = _keys(stream_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(k["cards"], card_ids)
        pipe.hmget(k["acks"], card_ids)
        pipe.hmget(k["superseded"], card_ids)
        raws, acks, replaced = await pipe.execute()
        return [None if raw is None else _overlay(json.loads(raw), ack, by)
                for raw, ack, by in zip(raws, acks, replaced, strict=True)]

    async def list_cards(self, stream_id: str, *, limit: int = 50, include_superseded: bool = False) -> list[dict[str, Any]]:
        """Newest first (by the time the card was last raised)."""
        ids = members(await self.redis.zrevrange(_keys(stream_id)["idx"], 0, -1))
        cards = [c for c in await self._read(stream_id, ids)
                 if c is not None and (include_superseded or c["superseded_by"] is None)]
        return cards[:limit]

    async def get(self, stream_id: str, card_id: str) -> dict[str, Any]:
        [card] = await self._read(stream_id, [card_id])
        if card is None:
            raise NotFound(f"card {card_id} is not among stream {stream_id}'s cards", code="card_not_found")
        return card

    async def latest_by_product(self, stream_id: str) -> dict[str, dict[str, Any]]:
        """The current card of each product (for restoring what was already said after a restart)."""
        latest = text_map(await self.redis.hgetall(_keys(stream_id)["latest"]))
        cards = await self._read(stream_id, list(latest.values()))
        return {product_id: card for product_id, card in zip(latest, cards, strict=True) if card is not None}

    async def publish_counts(self, counts: dict[str, dict[str, int]], now_ms: int) -> None:
        """Live sellable counts per stream ({"event": "counts", "skus": {sku: sellable}}), one pipeline."""
        pipe = self.redis.pipeline(transaction=False)
        for stream_id, skus in counts.items():
            pipe.publish(events_channel(stream_id), json.dumps({"event": "counts", "skus": skus, "ts": now_ms}))
        await pipe.execute()

    async def read_many(self, stream_id: str, card_ids: list[str]) -> list[dict[str, Any] | None]:
        return await self._read(stream_id, card_ids)

    async def ack_ts(self, stream_id: str, card_id: str) -> int | None:
        """When the host last acknowledged the card, whatever changed on it since."""
        raw = await self.redis.hget(_keys(stream_id)["acks"], card_id)
        return int(raw) if raw is not None else None

    async def acknowledge(self, stream_id: str, card_id: str, now_ms: int) -> dict[str, Any]:
        card = await self.get(stream_id, card_id)
        k = _keys(stream_id)
        ack_ts = max(now_ms, int(card["updated_ts"]))  # an ack covers the card as the host saw it
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(k["acks"], card_id, ack_ts)
        pipe.expire(k["acks"], self.retention_s)
        event = {"event": "ack", "card_id": card_id, "acknowledged_ts": ack_ts}
        pipe.publish(events_channel(stream_id), json.dumps(event))
        await pipe.execute()
        return _overlay(card, str(ack_ts).encode(), None)


def _overlay(card: dict[str, Any], ack: bytes | str | None, superseded_by: bytes | str | None) -> dict[str, Any]:
    ack_ts = int(ack) if ack is not None else None
    card["acknowledged"] = ack_ts is not None and ack_ts >= int(card["updated_ts"])
    card["acknowledged_ts"] = ack_ts if card["acknowledged"] else None
    card["superseded_by"] = superseded_by.decode() if isinstance(superseded_by, bytes) else superseded_by
    return card
