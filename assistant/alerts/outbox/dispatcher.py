"""Sends what the outbox holds: fans events out to targets, POSTs due deliveries with back-off, escalates
critical cards nobody acknowledged. Safe on every worker at once (each step is an atomic claim)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from jinja2 import UndefinedError

import prompts
from assistant.alerts.card import Card
from assistant.alerts.outbox.address_guard import RefusedAddress
from assistant.alerts.outbox.formats import accepted, build_request
from assistant.alerts.outbox.store import Outbox
from assistant.alerts.outbox.targets import WebhookTarget, WebhookTargets
from assistant.infra.cancelled import stop_if_cancelled
from assistant.infra.loop_trouble import LoopTrouble

log = logging.getLogger("assistant.alerts.outbox")
# (stream_id, card_id) -> the card when it still waits for an ack, None when acknowledged or gone.
Unacknowledged = Callable[[str, str], Awaitable[Card | None]]


@dataclass(frozen=True)
class RetryPolicy:
    base_s: float = 1.0
    max_s: float = 60.0
    give_up_s: float = 86_400.0
    lease_s: float = 30.0  # a send that takes longer than this may be tried again by another worker
    timeout_s: float = 5.0

    def delay_ms(self, attempts: int) -> int:
        """After the n-th failed attempt: 1, 2, 4 ... seconds, at most max_s."""
        return int(min(self.max_s, self.base_s * 2 ** max(0, attempts - 1)) * 1000)


def message_text(event: dict[str, Any], language: str) -> str:
    given = event.get("text") or {}
    if given.get(language):
        return str(given[language])
    try:
        text = prompts.render(f"webhooks/message.{language}.j2", event=event, payload=event["payload"])
    except UndefinedError:  # another part's payload without a card's fields: still worth sending
        text = f"{event['kind']} · {event['stream_id']}"
    return " ".join(text.split())


class Dispatcher:
    def __init__(self, outbox: Outbox, targets: WebhookTargets, *, policy: RetryPolicy | None = None,
                 unacknowledged: Unacknowledged | None = None, http: httpx.AsyncClient | None = None,
                 batch: int = 32):
        self.outbox = outbox
        self.targets = targets
        self.policy = policy or RetryPolicy()
        self.unacknowledged = unacknowledged
        self.batch = batch
        self._http = http or httpx.AsyncClient(timeout=self.policy.timeout_s, follow_redirects=False)
        self._task: asyncio.Task[None] | None = None
        self._steps = 0
        self.trouble = LoopTrouble("webhook dispatcher", log)

    async def step(self, *, block_ms: int | None = None) -> int:
        """One turn: fan out new events, send what is due, escalate what waited too long. Returns the work done."""
        done = await self.fan_out(block_ms=block_ms)
        done += await self.escalate()
        done += await self.send_due()
        self._steps += 1
        if self._steps % 500 == 0:
            await self.outbox.trim(self.outbox.now_ms() - int(self.policy.give_up_s * 1000) * 2)
        return done

    async def fan_out(self, *, block_ms: int | None = None) -> int:
        events = await self.outbox.read_events(block_ms=block_ms)
        for event in events:
            wanted = await self.targets.matching(event["stream_id"], event["kind"], event["level"])
            await self.outbox.fan_out(event, wanted)
        return len(events)

    async def escalate(self) -> int:
        if self.unacknowledged is None:
            return 0
        raised = 0
        for stream_id, card_id in await self.outbox.due_escalations():
            card = await self.unacknowledged(stream_id, card_id)
            if card is not None:
                await self.outbox.enqueue(stream_id, "escalation", {"card": card.public()}, level=card.level,
                                          dedupe_key=f"escalation:{stream_id}:{card_id}")
                raised += 1
            await self.outbox.escalation_done(stream_id, card_id)
        return raised

    async def send_due(self) -> int:
        deliveries = await self.outbox.claim_due(int(self.policy.lease_s * 1000), self.batch)
        if deliveries:
            targets = {t.id: t for t in await self.targets.all()}
            await asyncio.gather(*(self._send(d, targets.get(d["target_id"])) for d in deliveries))
        return len(deliveries)

    async def _send(self, delivery: dict[str, Any], target: WebhookTarget | None) -> None:
        now = self.outbox.now_ms()
        if target is None or not target.enabled:
            delivery.update(status="cancelled", last_error="the target was removed or disabled")
            await self.outbox.settle(delivery, None)
            return
        request = build_request(target, delivery, message_text(delivery["event"], target.language), now)
        try:
            # Resolved and checked now, and sent to the address checked (see address_guard: DNS rebinding).
            pinned = await self.targets.guard.pin(request.url)
            answer = await self._http.post(pinned.url, content=request.body,
                                           headers={**request.headers, **pinned.headers},
                                           extensions=pinned.extensions)
            ok, problem = accepted(target, answer.status_code, answer.content)
            status: int | None = answer.status_code
        except RefusedAddress as refused:
            ok, problem, status = False, f"refused: {refused}"[:300], None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:  # OSError: the name does not resolve
            ok, problem, status = False, f"{type(error).__name__}: {error}"[:300], None
        delivery["attempts"] += 1
        delivery["last_status"] = status
        if ok:
            delivery.update(status="delivered", delivered_ms=self.outbox.now_ms(), last_error=None)
            await self.outbox.settle(delivery, None)
            return
        delivery["last_error"] = problem
        if self.outbox.now_ms() - int(delivery["created_ms"]) >= self.policy.give_up_s * 1000:
            delivery["status"] = "failed"
            log.warning("webhook %s gave up after %d attempts: %s", delivery["id"], delivery["attempts"], problem)
            await self.outbox.settle(delivery, None)
            return
        next_ms = self.outbox.now_ms() + self.policy.delay_ms(delivery["attempts"])
        delivery.update(status="retrying", next_ms=next_ms)
        await self.outbox.settle(delivery, next_ms)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def _run(self) -> None:
        while True:
            stop_if_cancelled()
            try:
                # Blocks on the stream for new events; wakes at least twice a second for retries and escalations.
                await self.step(block_ms=500)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis away or full, a bad row: log and go on, never die silently
                await asyncio.sleep(self.trouble.failed(error))
            else:
                self.trouble.worked()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._task, 3)
        await self._http.aclose()
