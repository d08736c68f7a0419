"""The one error a model call raises, whatever the client library threw (see assistant/agent/middleware.py).

Its own module, free of langchain's agent package: the callers that catch it (ops runs, the comment fallback)
are imported on paths that never build an agent, and langchain.agents costs seconds of start-up.
"""

from __future__ import annotations


class ModelFailure(Exception):
    """The model could not be asked: ``kind`` is ``"timeout"`` or ``"error"``."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"model {kind}: {detail}")
        self.kind = kind
        self.detail = detail
