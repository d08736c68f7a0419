"""Per-stream alert settings: the declared thresholds (assistant/thresholds.py) overridden per stream in Redis."""

from __future__ import annotations

import json
import time
from typing import Any

from redis.asyncio import Redis

from assistant.thresholds import AlertSettings, AlertSettingsPatch


def _key(stream_id: str) -> str:
    return f"sa:alerts:settings:{stream_id}"


class StreamAlertSettings:
    """Per-stream overrides in Redis; the engine holds a copy refreshed with its routes."""

    def __init__(self, redis: Redis, defaults: AlertSettings, *, max_age_s: float = 1.0):
        self.redis = redis
        self.defaults = defaults
        self.max_age_s = max_age_s
        self._cached: dict[str, AlertSettings] = {}
        self._read_at = float("-inf")

    def of(self, stream_id: str) -> AlertSettings:
        return self._cached.get(stream_id, self.defaults)

    def is_stale(self) -> bool:
        # Monotonic wall time, as the routes: this bounds how long another worker's change takes to arrive.
        return time.monotonic() - self._read_at > self.max_age_s

    def _effective(self, raw: bytes | str | None) -> AlertSettings:
        overrides = json.loads(raw) if raw else {}
        return self.defaults.model_validate({**self.defaults.model_dump(), **overrides})

    async def refresh(self, stream_ids: list[str]) -> None:
        if not stream_ids:
            self._cached = {}
        else:
            raws = await self.redis.mget([_key(s) for s in stream_ids])
            self._cached = {s: self._effective(raw) for s, raw in zip(stream_ids, raws, strict=True)}
        self._read_at = time.monotonic()

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
        self._cached[stream_id] = effective
        return effective
