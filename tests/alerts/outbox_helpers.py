"""Shared by the outbox tests: an outbox, targets and a dispatcher on the test Redis and the manual clock."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from assistant.alerts.outbox import Outbox
from assistant.alerts.outbox.address_guard import AddressGuard
from assistant.alerts.outbox.dispatcher import Dispatcher, RetryPolicy, Unacknowledged
from assistant.alerts.outbox.targets import WebhookTargets, WebhookTargetSpec
from tests.conftest import ManualClock


@dataclass
class Sender:
    outbox: Outbox
    targets: WebhookTargets
    dispatcher: Dispatcher
    clock: ManualClock

    async def add_target(self, target_id: str, url: str, **spec: object) -> None:
        await self.targets.put(target_id, WebhookTargetSpec(url=url, **spec), int(self.clock()))  # type: ignore[arg-type]

    async def run_for(self, seconds: float, *, tick_s: float = 1.0) -> None:
        """Steps the dispatcher while the manual clock moves on, as its loop would."""
        elapsed = 0.0
        while elapsed < seconds:
            await self.dispatcher.step()
            self.clock.advance(tick_s)
            elapsed += tick_s
        await self.dispatcher.step()


def make_sender(redis: Redis, clock: ManualClock, unacknowledged: Unacknowledged | None = None) -> Sender:
    targets = WebhookTargets(redis, max_age_s=0, guard=AddressGuard(allow_private=True))  # receivers on 127.0.0.1
    outbox = Outbox(redis, clock)
    dispatcher = Dispatcher(Outbox(redis, clock), targets, policy=RetryPolicy(timeout_s=3.0),
                            unacknowledged=unacknowledged)
    return Sender(outbox, targets, dispatcher, clock)
