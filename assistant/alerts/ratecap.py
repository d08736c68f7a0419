"""At most N attention-grabbing raises a minute per stream; nothing else ever waits.

- An update of a card already shown (new figures, an ETA) goes out at once, raised or not.
- An escalation (critical, sold out) goes out at once and raised, whatever the cap, and counts toward it.
- A new lesser raise (trend, low, back in stock) past the cap goes out at once as a quiet card (on the list,
  no flash, no sound) and is raised when a slot frees, most severe and oldest first. So nothing is hidden by
  the cap: every product's latest level is on the list from the moment it happens.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from assistant.alerts.tracker import Decision

WINDOW_MS = 60_000
ESCALATIONS = {"critical", "sold_out"}


@dataclass
class Publication:
    decision: Decision
    attention: bool | None  # True: raise it now; False: a quiet card (waiting for a slot); None: keep as it was


class RateCap:
    def __init__(self) -> None:
        self._raised: dict[str, deque[int]] = {}
        self._waiting: dict[str, dict[str, Decision]] = {}  # product -> its quiet card's newest decision

    def pending(self, stream_id: str) -> list[Decision]:
        """Products whose quiet card waits to be raised."""
        return list(self._waiting.get(stream_id, {}).values())

    def raised_at(self, stream_id: str) -> list[int]:
        return list(self._raised.get(stream_id, ()))

    def streams_waiting(self) -> list[str]:
        return [s for s, waiting in self._waiting.items() if waiting]

    def free_slots(self, stream_id: str, now_ms: int, limit: int) -> int:
        raised = self._raised.setdefault(stream_id, deque())
        while raised and raised[0] <= now_ms - WINDOW_MS:
            raised.popleft()
        return max(0, limit - len(raised))

    def restore(self, stream_id: str, raised_ts: list[int], waiting: list[Decision]) -> None:
        """After a restart: the raises of the last minute still count; quiet cards still wait."""
        self._raised[stream_id] = deque(sorted(raised_ts))
        self._waiting[stream_id] = {d.product_id: d for d in waiting}

    def forget(self, stream_id: str, product_id: str) -> None:
        self._waiting.get(stream_id, {}).pop(product_id, None)

    def plan(self, stream_id: str, fresh: list[Decision], now_ms: int, limit: int) -> list[Publication]:
        """One publication per product for this evaluation (its decisions merged, the newest state wins)."""
        merged: dict[str, Decision] = {}
        for decision in fresh:
            known = merged.get(decision.product_id)
            merged[decision.product_id] = known.merge(decision) if known else decision
        waiting = self._waiting.setdefault(stream_id, {})
        raised = self._raised.setdefault(stream_id, deque())
        plans: list[Publication] = []
        lesser: list[Decision] = []
        for decision in sorted(merged.values(), key=_order):
            if decision.kind == "new" and decision.level in ESCALATIONS:
                waiting.pop(decision.product_id, None)
                raised.append(now_ms)
                plans.append(Publication(decision, True))
            elif decision.kind == "new":
                lesser.append(decision)
            else:
                if decision.product_id in waiting:  # still quiet: new figures, same place in the queue
                    waiting[decision.product_id] = waiting[decision.product_id].merge(decision)
                plans.append(Publication(decision, None))
        slots = self.free_slots(stream_id, now_ms, limit)
        for decision in lesser:
            if slots > 0:
                slots -= 1
                waiting.pop(decision.product_id, None)
                raised.append(now_ms)
                plans.append(Publication(decision, True))
            else:
                waiting[decision.product_id] = decision
                plans.append(Publication(decision, False))
        planned = {p.decision.product_id for p in plans}
        for decision in sorted(waiting.values(), key=_order):  # quiet cards raised as slots free up
            if slots <= 0:
                break
            if decision.product_id in planned:
                continue
            slots -= 1
            del waiting[decision.product_id]
            raised.append(now_ms)
            plans.append(Publication(Decision(decision.stream_id, decision.product_id, "update", decision.level,
                                              decision.skus, decision.trigger), True))
        return plans


def _order(decision: Decision) -> tuple[float, int]:
    """Most severe first, then oldest."""
    return -decision.priority, int(decision.trigger.get("ts", 0))
