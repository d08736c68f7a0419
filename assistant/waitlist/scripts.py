"""The waitlist's Lua scripts, one file per atomic step, each over one room's keys (one Cluster slot)."""

from __future__ import annotations

from importlib import resources

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

STEPS = ("join", "leave", "issue_notice", "publish_notice", "pending_parts", "advance_cursor", "count_bought",
         "record_event")


class WaitlistScripts:
    def __init__(self, redis: Redis):
        lua = resources.files("assistant.waitlist") / "lua"
        self._scripts: dict[str, AsyncScript] = {
            step: redis.register_script((lua / f"{step}.lua").read_text(encoding="utf-8")) for step in STEPS}

    def __getitem__(self, step: str) -> AsyncScript:
        return self._scripts[step]
