"""The moderation integration posts live comments; we answer each one, in order."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path

from assistant.api.deps import services
from assistant.catalog.models import ID_PATTERN
from assistant.comments.models import CommentBatch
from assistant.container import Services
from assistant.security import Principal, require

router = APIRouter(tags=["comments"])


@router.post("/v1/streams/{stream_id}/comments")
async def post_comments(batch: CommentBatch, stream_id: str = Path(pattern=ID_PATTERN),
                        _: Principal = Depends(require("integration")),
                        svc: Services = Depends(services)) -> dict[str, Any]:
    return {"results": await svc.comments.process(stream_id, batch.comments)}
