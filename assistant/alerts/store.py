"""Cards in Redis per stream, so another worker or a restart serves the same cards.

Keys (all expire after the retention): cards hash id -> card JSON (written by the engine only),
idx zset id -> updated_ts, latest hash product -> current card id, acks hash id -> ack ts,
superseded hash id -> id of the card that replaced it, slots hash "product|slot" -> the slot's card (alerts.slots),
pending hash dedupe key -> outbox event a saved card still owes. Acks and supersessions are overlays, so a
host's ack never races the engine rewriting a card.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from assistant.alerts import slots
from assistant.alerts.card import Card
from assistant.alerts.lease import LeaderLease, LeaseLost
from assistant.alerts.slots import PendingEvent, Placement
from assistant.errors import NotFound
from assistant.infra.lua import lua_source
from assistant.infra.replies import members, text, text_map
from assistant.infra.stream_wake import on_cluster

EVENTS_PREFIX = "sa:cards:events:"
TRIM_EVERY = 20


PARTS = ("cards", "idx", "latest", "acks", "superseded", "slots", "pending")  # save_card.lua's KEYS order


def _keys(stream_id: str) -> dict[str, str]:
    """One hash tag per stream: a card, its slot bookkeeping and what it owes the outbox are one slot."""
    base = f"sa:cards:{{{stream_id}}}"
    return {part: f"{base}:{part}" for part in PARTS}


def events_channel(stream_id: str) -> str:
    return f"{EVENTS_PREFIX}{stream_id}"


class CardStore:
    def __init__(self, redis: Redis, *, kept: int = 200, retention_hours: int = 24):
        self.redis = redis
        self.kept = kept
        self.retention_s = retention_hours * 3600
        self._saved = 0
        self._save = redis.register_script(lua_source("assistant.alerts", "save_card", "_lease"))

    async def save(self, card: Card, *, supersede: Sequence[str] = (),
                   fence: LeaderLease | None = None, track_latest: bool = True,
                   owed: Sequence[PendingEvent] = ()) -> Placement:
        """Writes the card and what it owes the outbox (`owed`, relayed by alerts.notify) in one atomic step on
        the stream's slot, replaces the cards it supersedes (see alerts.slots), trims, and announces it on the
        stream's channel.

        With a fence, only while that lease is ours (else LeaseLost): a leader that stalled past the lease's
        TTL must not add cards beside the new leader's; the check is inside the same script as the write.
        track_latest=False: a card from outside the engine (a waitlist card) that must not become the product's
        current card, which the engine restores its levels from and updates.
        """
        stream_id, card_id = card.stream_id, card.id
        slot = slots.slot_of(card)
        card.slot = slot
        k = _keys(stream_id)
        # Ties on the ledger's millisecond keep the order cards were saved in (newest first when listed).
        self._saved += 1
        score = card.updated_ts + (self._saved % 1000) / 1000
        args: list[Any] = [card_id, json.dumps(card.public(), ensure_ascii=False), score, card.product_id, slot,
                           slots.counterpart(card), json.dumps(slots.meta(card)), "1" if track_latest else "0",
                           self.retention_s, events_channel(stream_id), fence.token if fence else "",
                           fence.fence_until_ms if fence else 0, slots.SAME_RETURN_MS, len(supersede), *supersede, len(owed)]
        for event in owed:
            args += [event.dedupe_key, json.dumps(event.body, ensure_ascii=False)]
        keys = [k[part] for part in PARTS]
        try:
            answer = await self._save(keys=keys, args=args)
        except ResponseError as error:
            if "LEASE_LOST" in str(error):
                raise LeaseLost(f"card {card_id} not saved: the alerts lease is another worker's") from error
            raise
        replaced_by, *replaced = [text(part) for part in answer]
        if self._saved % TRIM_EVERY == 0:  # the bound may overshoot by a few cards between trims
            await self._trim(stream_id, card.updated_ts)
        return Placement(supersedes=replaced, superseded_by=replaced_by or None)

    async def owed(self, stream_id: str) -> dict[str, dict[str, Any]]:
        """What saved cards still owe the outbox (a crash came between the save and the relay)."""
        return {key: json.loads(raw) for key, raw in text_map(await self.redis.hgetall(_keys(stream_id)["pending"])).items()}

    async def settle_owed(self, stream_id: str, dedupe_keys: Sequence[str]) -> None:
        if dedupe_keys:
            await self.redis.hdel(_keys(stream_id)["pending"], *dedupe_keys)

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

    async def _read(self, stream_id: str, card_ids: list[str]) -> list[Card | None]:
        """Cards with their ack and supersession overlays, in one round trip; None for a card trimmed away."""
        if not card_ids:
            return []
        k = _keys(stream_id)
        pipe = self.redis.pipeline(transaction=False)
        pipe.hmget(k["cards"], card_ids)
        pipe.hmget(k["acks"], card_ids)
        pipe.hmget(k["superseded"], card_ids)
        raws, acks, replaced = await pipe.execute()
        return [None if raw is None else _overlay(Card.model_validate_json(raw), ack, by)
                for raw, ack, by in zip(raws, acks, replaced, strict=True)]

    async def list_cards(self, stream_id: str, *, limit: int = 50, include_superseded: bool = False) -> list[Card]:
        """Newest first (by the time the card was last raised)."""
        ids = members(await self.redis.zrevrange(_keys(stream_id)["idx"], 0, -1))
        cards = [c for c in await self._read(stream_id, ids)
                 if c is not None and (include_superseded or c.superseded_by is None)]
        return cards[:limit]

    async def get(self, stream_id: str, card_id: str) -> Card:
        [card] = await self._read(stream_id, [card_id])
        if card is None:
            raise NotFound(f"card {card_id} is not among stream {stream_id}'s cards", code="card_not_found")
        return card

    async def latest_by_product(self, stream_id: str) -> dict[str, Card]:
        """The current card of each product (for restoring what was already said after a restart)."""
        latest = text_map(await self.redis.hgetall(_keys(stream_id)["latest"]))
        cards = await self._read(stream_id, list(latest.values()))
        return {product_id: card for product_id, card in zip(latest, cards, strict=True) if card is not None}

    async def publish_counts(self, counts: dict[str, dict[str, int]], now_ms: int) -> None:
        """Live sellable counts per stream ({"event": "counts", "skus": {sku: sellable}}), one pipeline (on a
        Cluster, where redis-py refuses PUBLISH in a pipeline, side by side)."""
        await self._publish([(events_channel(stream_id), {"event": "counts", "skus": skus, "ts": now_ms})
                             for stream_id, skus in counts.items()])

    async def _publish(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        if on_cluster(self.redis):
            await asyncio.gather(*(self.redis.publish(channel, json.dumps(body)) for channel, body in messages))
            return
        pipe = self.redis.pipeline(transaction=False)
        for channel, body in messages:
            pipe.publish(channel, json.dumps(body))
        await pipe.execute()

    async def read_many(self, stream_id: str, card_ids: list[str]) -> list[Card | None]:
        return await self._read(stream_id, card_ids)

    async def ack_ts(self, stream_id: str, card_id: str) -> int | None:
        """When the host last acknowledged the card, whatever changed on it since."""
        raw = await self.redis.hget(_keys(stream_id)["acks"], card_id)
        return int(raw) if raw is not None else None

    async def acknowledge(self, stream_id: str, card_id: str, now_ms: int) -> Card:
        card = await self.get(stream_id, card_id)
        k = _keys(stream_id)
        ack_ts = max(now_ms, card.updated_ts)  # an ack covers the card as the host saw it
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(k["acks"], card_id, ack_ts)
        pipe.expire(k["acks"], self.retention_s)
        await pipe.execute()
        # Announced after the write (redis-py refuses PUBLISH in a Cluster's MULTI): a screen told is never ahead.
        await self._publish([(events_channel(stream_id), {"event": "ack", "card_id": card_id, "acknowledged_ts": ack_ts})])
        return _overlay(card, str(ack_ts).encode(), None)


def _overlay(card: Card, ack: bytes | str | None, superseded_by: bytes | str | None) -> Card:
    ack_ts = int(ack) if ack is not None else None
    card.acknowledged = ack_ts is not None and ack_ts >= card.updated_ts
    card.acknowledged_ts = ack_ts if card.acknowledged else None
    card.superseded_by = superseded_by.decode() if isinstance(superseded_by, bytes) else superseded_by
    return card
