"""The AskEvent for one processed comment; demand.events.AskPublisher sends a batch of them."""

from __future__ import annotations

from typing import Any

from assistant.comments.models import CommentIn
from assistant.comments.understanding import Understanding
from assistant.demand.events import AskEvent

ATTACKS = ("injection", "command")


def ask_event(stream_id: str, comment: CommentIn, u: Understanding, result: dict[str, Any], now_ms: int) -> AskEvent:
    """What demand needs to know about one processed comment, whatever the pipeline answered."""
    asked = [f for f in result["facts"] if f.get("role") == "asked"]
    one = asked[0] if len(asked) == 1 else None
    return AskEvent(
        stream_id=stream_id, comment_id=comment.id, user_id=comment.user_id, text=comment.text[:200],
        intent=result["intent"], language=u.language, ts_ms=now_ms,
        # An injection or command is never answered, but the stock question inside it still counts.
        product_id=result["product_id"] or (u.product_id if u.intent != "other" or u.skip_reason in ATTACKS else None),
        colour=u.colour, size=u.size, sku=one["sku"] if one else None, status=one["status"] if one else None,
        unknown_colour=u.unknown_colour, unknown_size=u.unknown_size, unknown_product=u.unknown_product,
        action=result["action"], reason=result.get("reason"))
