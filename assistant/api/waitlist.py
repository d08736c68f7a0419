"""Waitlists: sizes per room and variant, notices, the notices' event log, per-stream hold settings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from assistant.api.deps import (
    HostKey,
    NonAdminKey,
    OpsOrAdminKey,
    SellerKey,
    WaitlistDep,
)
from assistant.api.schemas.common import AUTHED_ERRORS
from assistant.api.schemas.waitlist import (
    WaitlistEvents,
    WaitlistNotices,
    WaitlistReport,
    WaitlistRoom,
    WaitlistRooms,
    WaitlistSettingsAnswer,
)
from assistant.catalog.ids import Id
from assistant.infra.limits import STREAM_CURSOR_PATTERN
from assistant.waitlist.settings import WaitlistSettingsPatch

router = APIRouter(tags=["waitlist"], responses=AUTHED_ERRORS)


@router.get("/v1/streams/{stream_id}/waitlist", response_model=WaitlistRoom)
async def get_waitlist(_: HostKey, waitlist: WaitlistDep, stream_id: Id,
                       product_id: Id | None = None) -> dict[str, Any]:
    """Viewers waiting per variant in this room, the ledger's counts now, and the room's waitlist counters."""
    await waitlist.catch_up()
    return await waitlist.room(stream_id, product_id)


@router.get("/v1/waitlist", response_model=WaitlistRooms)
async def get_waitlists(_: OpsOrAdminKey, waitlist: WaitlistDep) -> dict[str, Any]:
    """Every room with a waitlist: how many viewers wait, over how many variants."""
    return {"rooms": await waitlist.rooms()}


@router.get("/v1/streams/{stream_id}/waitlist/notices", response_model=WaitlistNotices)
async def get_notices(_: NonAdminKey, waitlist: WaitlistDep, stream_id: Id,
                      limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
    """Back-in-stock notices of this room, newest first (status issued, ready or withdrawn)."""
    await waitlist.catch_up()
    return {"stream_id": stream_id, "notices": (await waitlist.store.notices(stream_id))[:limit]}


@router.get("/v1/streams/{stream_id}/waitlist/events", response_model=WaitlistEvents)
async def get_events(_: SellerKey, waitlist: WaitlistDep, stream_id: Id,
                     after: str | None = Query(None, pattern=STREAM_CURSOR_PATTERN),
                     limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    """The back-in-stock notices as events (kind back_in_stock_notice, the body the webhooks get), after a
    cursor: pass the last `cursor` back as `after`."""
    await waitlist.catch_up()
    rows = await waitlist.store.events(stream_id, after, limit)
    return {"stream_id": stream_id, "events": [{"cursor": i, **e} for i, e in rows],
            "cursor": rows[-1][0] if rows else after}


@router.get("/v1/streams/{stream_id}/waitlist/report", response_model=WaitlistReport)
async def get_report(_: OpsOrAdminKey, waitlist: WaitlistDep, stream_id: Id) -> dict[str, Any]:
    """The session's waitlist figures: joined, left, notified, held, bought within the hold, after the notice."""
    await waitlist.catch_up()
    return {"stream_id": stream_id, **await waitlist.report(stream_id)}


@router.get("/v1/streams/{stream_id}/waitlist-settings", response_model=WaitlistSettingsAnswer)
async def get_settings(_: HostKey, waitlist: WaitlistDep, stream_id: Id) -> dict[str, Any]:
    """The stream's hold settings in effect, and which of them it overrides."""
    settings = waitlist.settings
    return {"stream_id": stream_id, "settings": (await settings.of(stream_id)).model_dump(),
            "overrides": await settings.overrides(stream_id)}


@router.put("/v1/streams/{stream_id}/waitlist-settings", response_model=WaitlistSettingsAnswer)
async def put_settings(patch: WaitlistSettingsPatch, _: HostKey, waitlist: WaitlistDep, stream_id: Id) -> dict[str, Any]:
    """Holds for waitlisted viewers: `hold_share` of the returning units (0 turns holds off), `hold_minutes`."""
    settings = waitlist.settings
    effective = await settings.update(stream_id, patch)
    return {"stream_id": stream_id, "settings": effective.model_dump(), "overrides": await settings.overrides(stream_id)}
