"""What every ops tool may trust: who asks, for which live room, and the services to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.agent.graph import CallerContext


@dataclass(frozen=True)
class OpsContext(CallerContext):
    """Set by the API layer per question; tools read it from ``runtime.context``, never from the model.

    ``user`` is the ops key's stable identity: proposals are bound to it and the ledger records it
    as the actor when a proposal is confirmed. ``stream_id`` is "" when no live room is known.
    ``services`` is typed loosely to keep the import graph one-way (it is ``assistant.container.Services``).
    """

    services: Any = None
