"""Cards to screens: one Redis pattern subscription per worker, fanned out to each SSE client's queue.

Every worker sees every card (whichever worker's engine raised it), so a host may connect anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis

from assistant.alerts.card import Card
from assistant.alerts.store import EVENTS_PREFIX, CardStore
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble

log = logging.getLogger("assistant.alerts")
RESYNC: dict[str, Any] = {"event": "resync"}  # a slow client missed events: it gets a fresh snapshot
CLOSED: dict[str, Any] = {"event": "closed"}
QUEUE_SIZE = 256


class CardHub:
    def __init__(self, redis: Redis):
        self.redis = redis
        self._listeners: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self.trouble = LoopTrouble("card events", log)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._pump(), name="card-hub")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._subscribed.wait(), 5)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=3)
        for queues in self._listeners.values():
            for queue in queues:
                _offer(queue, CLOSED)

    def listen(self, stream_id: str) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._listeners.setdefault(stream_id, set()).add(queue)
        return queue

    def leave(self, stream_id: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._listeners.get(stream_id, set()).discard(queue)

    def dispatch(self, stream_id: str, event: dict[str, Any]) -> None:
        for queue in list(self._listeners.get(stream_id, ())):
            _offer(queue, event)

    async def _pump(self) -> None:
        while True:
            stop_if_cancelled()
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(f"{EVENTS_PREFIX}*")
                self._subscribed.set()
                self.trouble.worked()
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode()
                    self.dispatch(channel[len(EVENTS_PREFIX):], json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - Redis away: resubscribe, screens resync
                for queues in self._listeners.values():
                    for queue in queues:
                        _offer(queue, RESYNC)  # events may have been missed while away
                await asyncio.sleep(self.trouble.failed(error))
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()


def _offer(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    try:
        queue.put_nowait(event)
    except asyncio.QueueFull:
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(RESYNC if event is not CLOSED else CLOSED)


async def card_events(hub: CardHub, store: CardStore, stream_id: str) -> AsyncIterator[dict[str, str]]:
    """SSE events: a snapshot first (after subscribing, so nothing falls in between), then card and ack."""
    queue = hub.listen(stream_id)
    try:
        yield _snapshot(await store.list_cards(stream_id))
        while True:
            stop_if_cancelled()
            event = await queue.get()
            if event is CLOSED:
                return
            if event is RESYNC:
                yield _snapshot(await store.list_cards(stream_id))
                continue
            yield {"event": str(event["event"]), "data": json.dumps(event, ensure_ascii=False)}
    finally:
        hub.leave(stream_id, queue)


def _snapshot(cards: list[Card]) -> dict[str, str]:
    return {"event": "snapshot", "data": json.dumps({"cards": [c.public() for c in cards]}, ensure_ascii=False)}
