"""What the comment agent's tools may trust: the live room and viewer, set by the pipeline, never by the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.agent.graph import CallerContext

VIEWER_ROLE = "viewer"


@dataclass(frozen=True)
class CommentContext(CallerContext):
    """``services`` is ``assistant.container.Services``, typed loosely to keep imports one-way."""

    services: Any = None
