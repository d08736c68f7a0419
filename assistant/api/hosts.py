"""Hosts (and ops): the stream's lineup and focus."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from assistant.api.deps import HostKey, ServicesDep
from assistant.api.schemas.common import AUTHED_ERRORS
from assistant.api.schemas.streams import StreamAnswer
from assistant.catalog.ids import Id
from assistant.streams.service import Focus, Lineup, StreamState

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["hosts"], responses=AUTHED_ERRORS)


def _state(state: StreamState) -> dict[str, Any]:
    return {
        "stream_id": state.stream_id,
        "items": [{"link_no": k, "product_id": v} for k, v in sorted(state.lineup.items())],
        "focus": state.focus,
        "channel": state.channel,
    }


@router.put("/v1/streams/{stream_id}/lineup", response_model=StreamAnswer)
async def put_lineup(lineup: Lineup, _: HostKey, svc: ServicesDep, stream_id: Id) -> dict[str, Any]:
    """Set the live room's link numbers ("3号链接" / "link 3" in comments resolve through it). Replaces the
    whole lineup; every product must be in the catalog (422 otherwise). `channel`: the sales channel the room
    sells through; viewers' stock answers then count only what that channel may sell."""
    return _state(await svc.streams.set_lineup(stream_id, lineup))


@router.put("/v1/streams/{stream_id}/focus", response_model=StreamAnswer)
async def put_focus(focus: Focus, _: HostKey, svc: ServicesDep, stream_id: Id) -> dict[str, Any]:
    """Set the product on screen now ("this one" in comments); null clears it."""
    return _state(await svc.streams.set_focus(stream_id, focus))


@router.get("/v1/streams/{stream_id}", response_model=StreamAnswer)
async def get_stream(_: HostKey, svc: ServicesDep, stream_id: Id) -> dict[str, Any]:
    """The live room's lineup and focus."""
    return _state(await svc.streams.state(stream_id))
