"""What /healthz reports: Redis reachable, memory headroom, consumer lag, side effects lost to a full Redis."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

# Beyond this many entries a group has not yet counted (or holds pending) its readers are behind: not ok.
LAG_LIMIT = 10_000
# Less free memory than this share of maxmemory: the next burst of writes may be refused (noeviction).
MIN_HEADROOM = 0.05


@dataclass
class Health:
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)

    def fail(self, problem: str) -> None:
        self.ok = False
        self.problems.append(problem)


async def _memory(redis: Redis, health: Health) -> None:
    info = await redis.info("memory")
    used, limit = int(info.get("used_memory", 0)), int(info.get("maxmemory", 0))
    headroom = None if limit == 0 else round(max(0.0, 1 - used / limit), 4)
    health.report["memory"] = {"used_bytes": used, "maxmemory_bytes": limit or None, "headroom": headroom,
                               "policy": info.get("maxmemory_policy")}
    if headroom is not None and headroom < MIN_HEADROOM:
        health.fail(f"redis memory headroom {headroom:.1%} is under {MIN_HEADROOM:.0%}")


async def _group_lags(redis: Redis, groups: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per stream, entries its group has not been handed yet plus those handed out but not acknowledged (6.2 and 7
    alike); streams without the group (or not made yet) are left out. Two pipelined round trips however many
    streams there are (a room's ask stream each, a bucket's movement stream each)."""
    names = list(groups)
    pipe = redis.pipeline(transaction=False)
    for stream in names:
        pipe.xinfo_groups(stream)
    found: dict[str, dict[str, Any]] = {}
    for stream, answer in zip(names, await pipe.execute(raise_on_error=False), strict=True):
        if isinstance(answer, ResponseError):  # no such stream yet: nothing to be behind on
            continue
        if isinstance(answer, Exception):
            raise answer
        group = next((g for g in answer if _text(g.get("name")) == groups[stream]), None)
        if group is not None:
            found[stream] = group
    if not found:
        return {}
    pipe = redis.pipeline(transaction=False)
    for stream, group in found.items():
        last = _text(group.get("last-delivered-id")) or "0-0"
        pipe.xrange(stream, min=f"({last}", max="+", count=LAG_LIMIT + 1)
    undelivered = await pipe.execute()
    return {stream: {"undelivered": len(rows or []), "pending": int(group.get("pending", 0))}
            for (stream, group), rows in zip(found.items(), undelivered, strict=True)}


async def check(redis: Redis, *, consumer_groups: dict[str, str], lost: dict[str, int], timeout_s: float) -> Health:
    """Never raises: any failure is a problem in the report."""
    health = Health(report={"redis": "ok"})
    try:
        async with asyncio.timeout(timeout_s):
            await redis.ping()
            await _memory(redis, health)
            lags = await _group_lags(redis, consumer_groups)
            for stream, lag in lags.items():
                if lag["undelivered"] + lag["pending"] > LAG_LIMIT:
                    group = consumer_groups[stream]
                    health.fail(f"consumer group {group} on {stream} is more than {LAG_LIMIT} entries behind")
            health.report["consumers"] = lags
    except (RedisError, TimeoutError, OSError) as error:
        health.report["redis"] = f"unreachable: {type(error).__name__}"
        health.fail("redis cannot be reached")
    if lost:
        health.report["lost_side_effects"] = dict(lost)
    return health


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")
