"""The waitlist's Lua scripts, one file per atomic step, each over one room's keys (one Cluster slot)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from assistant.infra.lua import lua_source

STEPS = ("join", "leave", "issue_notice", "publish_notice", "pending_parts", "advance_cursor", "count_bought",
         "record_event")
PRELUDES = {"pending_parts": ("_outbox",)}  # shared with the comments response's opening read


class WaitlistScripts:
    def __init__(self, redis: Redis):
        self._scripts: dict[str, AsyncScript] = {
            step: redis.register_script(lua_source("assistant.waitlist", step, *PRELUDES.get(step, ())))
            for step in STEPS}

    def __getitem__(self, step: str) -> AsyncScript:
        return self._scripts[step]
