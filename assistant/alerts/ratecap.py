"""At most N cards a minute per stream; the excess waits and rides along with the next card allowed."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from assistant.alerts.tracker import Decision

WINDOW_MS = 60_000


@dataclass
class Publication:
    decision: Decision
    merged: list[Decision] = field(default_factory=list)  # other products' newest states, said in this card


class RateCap:
    def __init__(self) -> None:
        self._sent: dict[str, deque[int]] = {}
        self._pending: dict[str, dict[str, Decision]] = {}

    def pending(self, stream_id: str) -> list[Decision]:
        return list(self._pending.get(stream_id, {}).values())

    def streams_waiting(self) -> list[str]:
        return [s for s, waiting in self._pending.items() if waiting]

    def free_slots(self, stream_id: str, now_ms: int, limit: int) -> int:
        sent = self._sent.setdefault(stream_id, deque())
        while sent and sent[0] <= now_ms - WINDOW_MS:
            sent.popleft()
        return max(0, limit - len(sent))

    def restore(self, stream_id: str, sent_ts: list[int]) -> None:
        """After a restart: the cards already sent this minute still count."""
        self._sent[stream_id] = deque(sorted(sent_ts))

    def plan(self, stream_id: str, fresh: list[Decision], now_ms: int, limit: int) -> list[Publication]:
        waiting = self._pending.setdefault(stream_id, {})
        for decision in fresh:
            known = waiting.get(decision.product_id)
            waiting[decision.product_id] = known.merge(decision) if known else decision
        slots = self.free_slots(stream_id, now_ms, limit)
        if not waiting or slots == 0:
            return []
        queue = sorted(waiting.values(), key=lambda d: (-d.priority, int(d.trigger.get("ts", 0))))
        waiting.clear()
        if len(queue) <= slots:
            plans = [Publication(d) for d in queue]
        else:
            # Sold-out and critical sort first, so they get their own card or lead the merged one.
            plans = [Publication(d) for d in queue[: slots - 1]]
            plans.append(Publication(queue[slots - 1], merged=queue[slots:]))
        self._sent[stream_id].extend([now_ms] * len(plans))
        return plans
