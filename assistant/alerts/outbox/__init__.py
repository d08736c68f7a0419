"""The outbound outbox: `await outbox.enqueue(stream_id, kind, payload)` sends to every matching webhook."""

from assistant.alerts.outbox.store import Outbox

__all__ = ["Outbox"]
