"""Busy-chat manners: cooldowns per viewer and per question, and a reply budget per stream.

State is in process memory: it only shapes how often we post, never what stock says, so losing it on a
restart costs at most one extra reply per question.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class BusyChatSettings:
    viewer_cooldown_s: float = 20.0  # the same viewer asking the same thing again
    question_cooldown_s: float = 10.0  # anyone asking a question just answered (same figures)
    budget_per_minute: float = 30.0  # platforms cap bot posts per room
    budget_burst: float = 10.0
    max_mentions: int = 5


class TtlMemory:
    """Keys remembered for a while; bounded so a flood of distinct viewers cannot grow it forever."""

    def __init__(self, max_items: int = 50_000):
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self.max_items = max_items

    def get(self, key: str, now_s: float) -> str | None:
        item = self._items.get(key)
        if item is None or item[0] <= now_s:
            return None
        return item[1]

    def put(self, key: str, value: str, until_s: float) -> None:
        self._items[key] = (until_s, value)
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)


class TokenBucket:
    def __init__(self, per_minute: float, burst: float):
        self.rate = per_minute / 60.0
        self.capacity = burst
        self.tokens = burst
        self.updated_s: float | None = None

    def take(self, now_s: float) -> bool:
        if self.updated_s is not None:
            self.tokens = min(self.capacity, self.tokens + (now_s - self.updated_s) * self.rate)
        self.updated_s = now_s
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class StreamManners:
    """One per live room."""

    def __init__(self, settings: BusyChatSettings):
        self.settings = settings
        self.viewers = TtlMemory()
        self.questions = TtlMemory()
        self.budget = TokenBucket(settings.budget_per_minute, settings.budget_burst)


class BatchReplies:
    """One batch under a stream's manners, in comment order: several viewers asking the same thing get one
    reply with several @mentions; repeats inside a cooldown and replies over the budget are skipped."""

    def __init__(self, manners: StreamManners, now_s: float):
        self.manners = manners
        self.now_s = now_s
        self.mentions: dict[int, list[str]] = {}  # index of an admitted reply -> who it answers
        self._first: dict[str, int] = {}  # question key -> index of the reply that answers it here
        self._comment_ids: dict[int, str] = {}

    def admit(self, index: int, comment_id: str, user_id: str, who: str, key: str, signature: str) -> str | None:
        """None when this comment gets its own reply; otherwise why it is skipped."""
        settings, now_s = self.manners.settings, self.now_s
        viewer_key = f"{user_id}|{key}"
        if self.manners.viewers.get(viewer_key, now_s):
            return "viewer_cooldown"
        self.manners.viewers.put(viewer_key, comment_id, now_s + settings.viewer_cooldown_s)
        first = self._first.get(key)
        if first is not None and len(self.mentions[first]) < settings.max_mentions:
            self.mentions[first].append(who)
            return f"merged_into:{self._comment_ids[first]}"
        if self.manners.questions.get(key, now_s) == signature:
            return "answered_recently"
        if not self.manners.budget.take(now_s):
            return "reply_budget"
        self.manners.questions.put(key, signature, now_s + settings.question_cooldown_s)
        self._first[key] = index
        self._comment_ids[index] = comment_id
        self.mentions[index] = [who]
        return None
