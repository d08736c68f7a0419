"""Busy-chat manners: cooldowns per viewer and per question, and a reply budget per stream.

Several uvicorn workers answer the same room, so this state lives in Redis, not in a worker's memory: with
per-worker state each worker had its own budget (n workers, n times the platform's post cap) and its own
cooldowns (a viewer answered once per worker). One Lua script per batch reads and writes the stream's cooldowns
and budget atomically, so two workers' batches cannot both spend the last token or both answer one viewer.
The pipeline's clock (ms) decides when a cooldown lapses and how much budget is earned back; Redis expiry only
clears lapsed keys away, so an idle stream leaves nothing behind.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import ResponseError

from assistant.config import Settings
from assistant.infra.degraded import LostSideEffects
from assistant.infra.lua import lua_source
from assistant.infra.store_errors import is_out_of_memory

# BusyChatSettings field -> the Settings field it comes from.
_SETTING = {"viewer_cooldown_s": "comment_viewer_cooldown_s", "question_cooldown_s": "comment_question_cooldown_s",
            "budget_per_minute": "comment_replies_per_minute", "budget_burst": "comment_reply_burst",
            "max_mentions": "comment_max_mentions"}


def _declared(name: str) -> Any:
    return Settings.model_fields[_SETTING[name]].default


# Keys outlive their cooldown by this much (wall time), so workers whose clocks disagree by seconds still agree.
KEEP_AFTER_S = 60.0
LONGEST_KEEP_MS = 86_400_000


@dataclass(frozen=True)
class BusyChatSettings:
    """The manners' settings; each default is its STOCK_ASSISTANT_COMMENT_* setting's (declared in config.py)."""

    viewer_cooldown_s: float = _declared("viewer_cooldown_s")  # the same viewer asking the same thing again
    question_cooldown_s: float = _declared("question_cooldown_s")  # anyone asking a question just answered
    budget_per_minute: float = _declared("budget_per_minute")  # platforms cap bot posts per room
    budget_burst: float = _declared("budget_burst")
    max_mentions: int = _declared("max_mentions")

    @classmethod
    def of(cls, settings: Settings) -> BusyChatSettings:
        return cls(**{name: getattr(settings, setting) for name, setting in _SETTING.items()})


@dataclass(frozen=True)
class Candidate:
    """A comment with a reply ready, waiting for the stream's manners to let it out."""

    index: int  # its place in the batch
    comment_id: str
    user_id: str
    who: str  # how the reply mentions the viewer
    key: str  # the question asked
    signature: str  # the figures the answer states: the same question with other figures is news


@dataclass
class Verdicts:
    skipped: dict[int, str] = field(default_factory=dict)  # index -> why it gets no reply of its own
    mentions: dict[int, list[str]] = field(default_factory=dict)  # index of an admitted reply -> who it answers
    retry_after_ms: dict[int, int] = field(default_factory=dict)  # index skipped for the budget -> when to resend
    tokens_left: float | None = None  # the budget after this admission (None: nothing was admitted or refused)


@dataclass(frozen=True)
class BudgetState:
    """The stream's reply budget as RateLimit headers tell it: burst, whole replies left, seconds to the next."""

    limit: int
    remaining: int
    reset_s: int


def _key(stream_id: str, part: str, name: str = "") -> str:
    # One hash tag per stream: the script's keys share a Cluster slot.
    return f"sa:manners:{{{stream_id}}}:{part}" + (f":{name}" if name else "")


def _keep_ms(seconds: float) -> int:
    return min(LONGEST_KEEP_MS, math.ceil((seconds + KEEP_AFTER_S) * 1000))


class SharedManners:
    """Admits a batch's replies under its stream's manners, shared by every worker on the same Redis."""

    def __init__(self, redis: Redis, settings: BusyChatSettings, lost: LostSideEffects | None = None):
        self.settings = settings
        self._redis = redis
        self._script: AsyncScript = redis.register_script(lua_source("assistant.comments", "admit_replies"))
        self._lost = lost or LostSideEffects()

    async def admit(self, stream_id: str, now_ms: float, candidates: Sequence[Candidate]) -> Verdicts:
        """In comment order: several viewers asking the same thing get one reply with several @mentions;
        repeats inside a cooldown and replies over the budget are skipped."""
        if not candidates:
            return Verdicts()
        s = self.settings
        keys = [_key(stream_id, "budget")]
        args: list[str | int | float] = [
            repr(float(now_ms)),
            repr(now_ms + s.viewer_cooldown_s * 1000), repr(now_ms + s.question_cooldown_s * 1000),
            _keep_ms(s.viewer_cooldown_s) if s.viewer_cooldown_s > 0 else 0,
            _keep_ms(s.question_cooldown_s) if s.question_cooldown_s > 0 else 0,
            repr(s.budget_per_minute / 60.0), repr(float(s.budget_burst)),
            # Idle that long, the bucket is full again: the same as no bucket at all.
            _keep_ms(s.budget_burst / s.budget_per_minute * 60) if s.budget_per_minute > 0 else LONGEST_KEEP_MS,
            s.max_mentions,
            "0",  # not dry
        ]
        for c in candidates:
            keys += [_key(stream_id, "v", f"{c.user_id}|{c.key}"), _key(stream_id, "q", c.key)]
            args += [c.comment_id, c.signature]
        try:
            raw = await self._script(keys=keys, args=args)
        except ResponseError as error:
            if not is_out_of_memory(error):
                raise
            # Redis is full: still answer, under the cooldowns already remembered; these are not remembered.
            self._lost.lost("reply cooldowns", len(candidates), error)
            args[9] = "1"
            raw = await self._script(keys=keys, args=args)
        answers = [a.decode() if isinstance(a, bytes) else a for a in raw]
        verdicts = _verdicts(candidates, answers[:-1])
        # The k-th reply refused for the budget can have the k-th token earned back: staggered, each resend fits.
        tokens_left, per_ms = float(answers[-1]), s.budget_per_minute / 60_000
        verdicts.tokens_left = tokens_left
        refused = [i for i, why in sorted(verdicts.skipped.items()) if why == "reply_budget"]
        for k, index in enumerate(refused):
            verdicts.retry_after_ms[index] = max(1, math.ceil((k + 1 - tokens_left) / per_ms))
        return verdicts

    @staticmethod
    def budget_key(stream_id: str) -> str:
        return _key(stream_id, "budget")

    async def budget(self, stream_id: str, now_ms: float) -> BudgetState:
        """The budget now (a read, it takes nothing): for the RateLimit headers of a comment batch."""
        return self.budget_state(await self._redis.hmget(self.budget_key(stream_id), ["tokens", "updated_ms"]),
                                 now_ms)

    def budget_state(self, stored: Sequence[Any], now_ms: float) -> BudgetState:
        """The budget at now_ms from the stored [tokens, updated_ms] (read, or as an admission left it)."""
        s = self.settings
        tokens, updated = stored
        left = s.budget_burst if tokens is None or updated is None else min(
            s.budget_burst, float(tokens) + max(0.0, now_ms - float(updated)) / 1000 * s.budget_per_minute / 60)
        to_next = 0 if left >= 1 else math.ceil((1 - left) * 60 / s.budget_per_minute)
        return BudgetState(limit=int(s.budget_burst), remaining=int(left), reset_s=to_next)


def _verdicts(candidates: Sequence[Candidate], answers: list[str]) -> Verdicts:
    verdicts = Verdicts()
    latest: dict[str, int] = {}  # question -> the admitted reply a repeat merges into (as the script decides)
    for c, why in zip(candidates, answers, strict=True):
        if not why:
            latest[c.key] = c.index
            verdicts.mentions[c.index] = [c.who]
            continue
        verdicts.skipped[c.index] = why
        if why.startswith("merged_into:"):
            verdicts.mentions[latest[c.key]].append(c.who)
    return verdicts
