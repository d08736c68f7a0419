"""Comment batches are idempotent by comment id: a batch posted again (an integration that timed out and retries)
gets the first results back, not cooldown skips, and nothing is answered or counted twice.

Each comment's result is kept in Redis for ``comment_result_retention_s`` under its stream's hash tag (one
Cluster slot per stream), with a fingerprint of who wrote what. Before answering, a request claims the ids it
has no result for (lua/open_batch.lua, which also reads what the response reports besides: the reply budget and
the room's notice parts, in the same round trip); a concurrent retry that finds a claim waits for that result rather
than answering the comment a second time (which would be a cooldown skip). A claim lapses after
``CLAIM_S``, so a request that died mid-batch does not block its retry for long. The same id with another viewer
or another text is refused whole with 409 ``idempotency_conflict``: ids name one comment.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import ResponseError

from assistant.comments.models import CommentIn
from assistant.comments.results import CommentResult
from assistant.errors import IdempotencyConflict
from assistant.infra.degraded import LostSideEffects
from assistant.infra.lua import lua_source
from assistant.infra.store_errors import is_out_of_memory

CLAIM_S = 30.0  # longer than any batch takes (the LLM budget included); a hang guard, not a schedule
POLL_S = 0.05
_PENDING = "pending "


def _key(stream_id: str, comment_id: str) -> str:
    return f"sa:comments:{{{stream_id}}}:result:{comment_id}"


def _fingerprint(comment: CommentIn) -> str:
    return hashlib.blake2b(f"{comment.user_id}\x00{comment.text}".encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class SideReads:
    """What the response reads in the claim's round trip besides (keys under the stream's hash tag)."""

    budget: str  # the reply budget hash
    outbox_cursor: str  # the room's notice outbox and its cursor
    outbox: str
    parts: int = 0  # how many notice parts to read; 0: none


@dataclass
class Claimed:
    answered: dict[str, CommentResult] = field(default_factory=dict)  # comment id -> its kept result
    mine: list[CommentIn] = field(default_factory=list)  # to answer now, in batch order, each id once
    # The side reads, as stored, from the first round trip: [tokens, updated_ms], and (cursor, outbox rows).
    budget: list[Any] | None = None
    notices: tuple[Any, Any] | None = None


class CommentResults:
    def __init__(self, redis: Redis, retention_s: float, lost: LostSideEffects | None = None):
        self.redis = redis
        self._lost = lost or LostSideEffects()
        self.retention_ms = int(retention_s * 1000)
        self._open: AsyncScript = redis.register_script(lua_source("assistant.comments", "open_batch", "_outbox"))

    async def claim(self, stream_id: str, comments: Sequence[CommentIn], side: SideReads | None = None) -> Claimed:
        """Kept results, and the comments this request must answer; waits out other requests' claims. With
        `side`, the first round trip also reads those keys (Claimed.budget, Claimed.notices)."""
        unique = _one_per_id(comments)
        claimed = Claimed()
        try:
            await self._claim_all(stream_id, unique, claimed, side)
        except ResponseError as error:
            if not is_out_of_memory(error):
                raise
            # Redis is full: answer every comment now (answering needs only reads); none is remembered.
            self._lost.lost("comment results", len(unique), error)
            claimed = Claimed(mine=list(unique))
        except IdempotencyConflict:
            await self.release(stream_id, claimed.mine)  # refused whole: nothing of the batch stays claimed
            raise
        claimed.mine.sort(key=unique.index)
        return claimed

    async def _claim_all(self, stream_id: str, unique: list[CommentIn], claimed: Claimed,
                         side: SideReads | None) -> None:
        waiting = list(unique)
        deadline = asyncio.get_running_loop().time() + CLAIM_S
        first = True
        while waiting:
            values = [_PENDING + _fingerprint(c) for c in waiting]
            reads = side if first and side is not None else _no_side_reads(stream_id)
            raw = await self._open(keys=[reads.budget, reads.outbox_cursor, reads.outbox,
                                         *(_key(stream_id, c.id) for c in waiting)],
                                   args=[int(CLAIM_S * 1000), reads.parts, *values])
            if first and side is not None:
                claimed.budget, claimed.notices = [raw[0], raw[1]], (raw[2], raw[3])
            first, stored = False, raw[4:]
            still = []
            for comment, raw in zip(waiting, stored, strict=True):
                value = raw.decode() if isinstance(raw, bytes) else raw
                if not value:
                    claimed.mine.append(comment)
                elif value.startswith(_PENDING):
                    _same_comment(comment, value.removeprefix(_PENDING))
                    still.append(comment)
                else:
                    entry = json.loads(value)
                    _same_comment(comment, entry["fingerprint"])
                    claimed.answered[comment.id] = CommentResult.model_validate(entry["result"])
            waiting = still
            if waiting:
                if asyncio.get_running_loop().time() > deadline:  # the claimer is stuck: answer them here
                    claimed.mine += waiting
                    break
                await asyncio.sleep(POLL_S)

    async def keep(self, stream_id: str, comments: Sequence[CommentIn], results: Sequence[CommentResult]) -> None:
        pipe = self.redis.pipeline(transaction=True)
        for comment, result in zip(comments, results, strict=True):
            if result.reason == "reply_budget":
                # Not final: the caller is told to send it again after retry_after_ms, and then it is answered.
                pipe.delete(_key(stream_id, comment.id))
                continue
            value = json.dumps({"fingerprint": _fingerprint(comment), "result": result.model_dump(mode="json")},
                               ensure_ascii=False)
            pipe.set(_key(stream_id, comment.id), value, px=self.retention_ms)
        try:
            await pipe.execute()
        except ResponseError as error:
            if not is_out_of_memory(error):
                raise
            self._lost.lost("comment results", len(comments), error)

    async def release(self, stream_id: str, comments: Sequence[CommentIn]) -> None:
        """The batch failed: its claims go, so a retry answers these comments at once."""
        if comments:
            await self.redis.delete(*(_key(stream_id, c.id) for c in comments))


def _no_side_reads(stream_id: str) -> SideReads:
    """Nothing read besides (later rounds, or a caller that wants none): a key of the stream's that never
    exists, so the script's keys still share the stream's slot."""
    nothing = f"sa:comments:{{{stream_id}}}:no-side-reads"
    return SideReads(nothing, nothing, nothing)


def _one_per_id(comments: Sequence[CommentIn]) -> list[CommentIn]:
    first: dict[str, CommentIn] = {}
    for comment in comments:
        if first.setdefault(comment.id, comment) is not comment:
            _same_comment(comment, _fingerprint(first[comment.id]))
    return list(first.values())


def _same_comment(comment: CommentIn, fingerprint: str) -> None:
    if fingerprint != _fingerprint(comment):
        raise IdempotencyConflict(
            f"comment id {comment.id} was already posted with another user_id or text; ids name one comment",
            details={"comment_id": comment.id})
