"""Per-stream alert settings: the declared thresholds (assistant/thresholds.py) overridden per stream in Redis."""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis

from assistant.thresholds import AlertSettings, AlertSettingsPatch

# Bumped after every settings write: a reader holding a copy (the alert engine) checks this one key to learn
# that its copy is old, instead of re-reading every room's settings on a clock. Outside the rooms' key space
# ("sa:alerts:settings:<room>"), so no room's name can be it.
SETTINGS_VERSION_KEY = "sa:alerts:settings-version"


def _key(stream_id: str) -> str:
    return f"sa:alerts:settings:{stream_id}"


class StreamAlertSettings:
    """Per-stream overrides in Redis; the engine holds a copy, read again when the settings version moved."""

    def __init__(self, redis: Redis, defaults: AlertSettings):
        self.redis = redis
        self.defaults = defaults
        self._cached: dict[str, AlertSettings] = {}
        self._version = -1

    def of(self, stream_id: str) -> AlertSettings:
        return self._cached.get(stream_id, self.defaults)

    async def version(self) -> int:
        """How many settings writes there have been, on any worker; only its changes matter."""
        return int(await self.redis.get(SETTINGS_VERSION_KEY) or 0)

    async def edited_since_read(self) -> bool:
        """One GET: has any room's settings changed since this copy was read?"""
        return await self.version() != self._version

    def _effective(self, raw: bytes | str | None) -> AlertSettings:
        overrides = json.loads(raw) if raw else {}
        return self.defaults.model_validate({**self.defaults.model_dump(), **overrides})

    async def refresh(self, stream_ids: list[str]) -> None:
        """The version is read first, so a write landing during the read leaves the copy marked old."""
        self._version = await self.version()
        if not stream_ids:
            self._cached = {}
        else:
            raws = await self.redis.mget([_key(s) for s in stream_ids])
            self._cached = {s: self._effective(raw) for s, raw in zip(stream_ids, raws, strict=True)}

    async def overrides(self, stream_id: str) -> dict[str, Any]:
        raw = await self.redis.get(_key(stream_id))
        return json.loads(raw) if raw else {}

    async def read(self, stream_id: str) -> AlertSettings:
        return self._effective(await self.redis.get(_key(stream_id)))

    async def update(self, stream_id: str, patch: AlertSettingsPatch) -> AlertSettings:
        """Validates the merged result (422 on a bad value) before anything is stored."""
        overrides = await self.overrides(stream_id)
        for name, value in patch.model_dump(exclude_unset=True).items():
            if value is None:
                overrides.pop(name, None)
            else:
                overrides[name] = value
        effective = self.defaults.model_validate({**self.defaults.model_dump(), **overrides})
        await self.redis.set(_key(stream_id), json.dumps(overrides))
        await self.redis.incr(SETTINGS_VERSION_KEY)  # after the write: whoever sees the new version sees it
        self._cached[stream_id] = effective
        return effective
