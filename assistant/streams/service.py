"""What the host set for a live room: the lineup (link numbers) and the product on screen now."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from redis.asyncio import Redis

from assistant.catalog.ids import Id
from assistant.catalog.service import CatalogService
from assistant.errors import InvalidInput
from assistant.infra.replies import members


class LineupItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    link_no: StrictInt = Field(ge=1, le=999)
    product_id: str = Field(min_length=1, max_length=64)


class Lineup(BaseModel):
    # stream_id: a lineup file names its room (the shared sample does), so it may come along; anything else
    # is a typo or padding and is refused.
    model_config = ConfigDict(extra="forbid")
    stream_id: str | None = Field(default=None, max_length=64, description="when sent, it must be the path's room")
    items: list[LineupItem] = Field(max_length=500)
    # issue 17: the channel the room sells through. Its viewers are told what that channel may sell (the
    # warehouses it may draw from, less other channels' allocations), the figure their order is checked against.
    channel: Id | None = Field(default=None, description="the sales channel the room sells through (douyin…); "
                                                         "absent: every channel's stock")


class Focus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: str | None


@dataclass(frozen=True)
class StreamState:
    stream_id: str
    lineup: dict[int, str] = field(default_factory=dict)
    focus: str | None = None
    channel: str | None = None  # the channel the room sells through (set with the lineup)

    def product_ids(self) -> list[str]:
        ids = list(dict.fromkeys(self.lineup[k] for k in sorted(self.lineup)))
        if self.focus and self.focus not in ids:
            ids.insert(0, self.focus)
        return ids


# One hash tag for every room's lineup, focus and channel, the room list and the version: a lineup edit is one
# MULTI on one Redis Cluster slot, and a reader of several rooms' states is one round trip to one node. The
# volume is small (a few keys per room), so one slot holds them all.
def _lineup_key(stream_id: str) -> str:
    return f"sa:{{streams}}:{stream_id}:lineup"


def _focus_key(stream_id: str) -> str:
    return f"sa:{{streams}}:{stream_id}:focus"


def _channel_key(stream_id: str) -> str:
    return f"sa:{{streams}}:{stream_id}:channel"


STREAMS_KEY = "sa:{streams}:rooms"
# Bumped after every lineup or focus edit: a reader caching who shows what (the alert engine) checks this one
# key to learn that its copy is old, instead of re-reading every room or trusting a clock.
ROUTES_VERSION_KEY = "sa:{streams}:version"


class StreamService:
    def __init__(self, redis: Redis, catalog: CatalogService):
        self.redis = redis
        self.catalog = catalog

    def _check_product(self, product_id: str, where: str) -> None:
        if self.catalog.catalog.product(product_id) is None:
            raise InvalidInput(f"{where}: product {product_id} is not in the catalog", code="unknown_product")

    async def set_lineup(self, stream_id: str, lineup: Lineup) -> StreamState:
        if lineup.stream_id is not None and lineup.stream_id != stream_id:
            raise InvalidInput(f"stream_id: the body names room {lineup.stream_id!r}, the path {stream_id!r}",
                               code="stream_mismatch")
        seen: set[int] = set()
        for index, item in enumerate(lineup.items):
            self._check_product(item.product_id, f"items[{index}].product_id")
            if item.link_no in seen:
                raise InvalidInput(f"items[{index}].link_no: link {item.link_no} appears twice", code="duplicate_link")
            seen.add(item.link_no)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(_lineup_key(stream_id))
        if lineup.items:
            pipe.hset(_lineup_key(stream_id), mapping={str(i.link_no): i.product_id for i in lineup.items})
        if lineup.channel:
            pipe.set(_channel_key(stream_id), lineup.channel)
        else:
            pipe.delete(_channel_key(stream_id))
        pipe.sadd(STREAMS_KEY, stream_id)
        await pipe.execute()
        await self.redis.incr(ROUTES_VERSION_KEY)  # after the edit: whoever sees the new version sees the edit
        return await self.state(stream_id)

    async def set_focus(self, stream_id: str, focus: Focus) -> StreamState:
        if focus.product_id is None:
            await self.redis.delete(_focus_key(stream_id))
        else:
            self._check_product(focus.product_id, "product_id")
            await self.redis.set(_focus_key(stream_id), focus.product_id)
        await self.redis.sadd(STREAMS_KEY, stream_id)
        await self.redis.incr(ROUTES_VERSION_KEY)
        return await self.state(stream_id)

    async def state(self, stream_id: str) -> StreamState:
        return (await self.states([stream_id]))[0]

    async def states(self, stream_ids: list[str]) -> list[StreamState]:
        """Lineups and focus of several streams in one round trip."""
        pipe = self.redis.pipeline(transaction=False)
        for stream_id in stream_ids:
            pipe.hgetall(_lineup_key(stream_id))
            pipe.get(_focus_key(stream_id))
            pipe.get(_channel_key(stream_id))
        raw = await pipe.execute()
        return [StreamState(stream_id, {int(k): v.decode() for k, v in lineup_raw.items()},
                            focus_raw.decode() if focus_raw else None, channel_raw.decode() if channel_raw else None)
                for stream_id, lineup_raw, focus_raw, channel_raw in zip(stream_ids, raw[::3], raw[1::3], raw[2::3],
                                                                         strict=True)]

    async def routes_version(self) -> int:
        """How many lineup and focus edits there have been; only its changes matter."""
        return int(await self.redis.get(ROUTES_VERSION_KEY) or 0)

    async def known_streams(self) -> list[str]:
        return sorted(members(await self.redis.smembers(STREAMS_KEY)))
