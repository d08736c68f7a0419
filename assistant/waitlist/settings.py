"""Per-stream waitlist settings: whether returning units are held for waitlisted viewers, how many, how long."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt
from redis.asyncio import Redis

from assistant.config import Settings
from assistant.infra.replies import text_map
from assistant.ledger.models import CHANNEL_PATTERN
from assistant.waitlist import keys


class WaitlistSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hold_share: float = Field(default=0.0, ge=0, le=1, description=(
        "share of the units that come back held for waitlisted viewers (one each, earliest first); 0: none"))
    hold_minutes: int = Field(default=5, ge=1, le=120, description="how long such a hold lasts unpaid")
    hold_channel: str = Field(default="live", pattern=CHANNEL_PATTERN,
                              description="the sales channel the holds (and the orders they become) count against")

    @classmethod
    def defaults_from(cls, settings: Settings) -> WaitlistSettings:
        return cls(hold_share=settings.waitlist_hold_share, hold_minutes=settings.waitlist_hold_minutes,
                   hold_channel=settings.waitlist_hold_channel)


class WaitlistSettingsPatch(BaseModel):
    """Only the fields given change; null puts a field back to the service default."""

    model_config = ConfigDict(extra="forbid")
    hold_share: StrictFloat | None = Field(default=None, ge=0, le=1)
    hold_minutes: StrictInt | None = Field(default=None, ge=1, le=120)
    hold_channel: str | None = Field(default=None, pattern=CHANNEL_PATTERN)


class StreamWaitlistSettings:
    def __init__(self, redis: Redis, defaults: WaitlistSettings):
        self.redis = redis
        self.defaults = defaults

    async def overrides(self, stream_id: str) -> dict[str, object]:
        raw = await self.redis.hgetall(keys.settings(stream_id))
        return {k: json.loads(v) for k, v in text_map(raw).items()}

    async def of(self, stream_id: str) -> WaitlistSettings:
        return self.defaults.model_copy(update=await self.overrides(stream_id))

    async def update(self, stream_id: str, patch: WaitlistSettingsPatch) -> WaitlistSettings:
        given = patch.model_dump(exclude_unset=True)
        pipe = self.redis.pipeline(transaction=True)
        for name, value in given.items():
            if value is None:
                pipe.hdel(keys.settings(stream_id), name)
            else:
                pipe.hset(keys.settings(stream_id), name, json.dumps(value))
        await pipe.execute()
        return await self.of(stream_id)
