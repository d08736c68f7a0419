"""The AskEvent for one processed comment; demand.events.AskPublisher sends a batch of them."""

from __future__ import annotations

from assistant.catalog.models import Catalog, Product
from assistant.comments.models import CommentIn
from assistant.comments.results import CommentResult
from assistant.comments.understanding import Understanding
from assistant.demand.events import AskEvent

ATTACKS = ("injection", "command")


def ask_event(stream_id: str, comment: CommentIn, u: Understanding, result: CommentResult, now_ms: int,
              catalog: Catalog | None = None) -> AskEvent:
    """What demand needs to know about one processed comment, whatever the pipeline answered."""
    asked = [f for f in result.facts if f.role == "asked"]
    one = asked[0] if len(asked) == 1 else None
    intent, reason, sku = str(result.intent), str(result.reason), one.sku if one else None
    if u.skip_reason in ATTACKS and u.attack_intent and u.product_id:
        # An injection or command is never answered, but the stock question inside it still counts as demand,
        # resolved to its variant as an answered question would be; its reason says why it got no reply.
        intent, reason = u.attack_intent, f"{u.skip_reason}_with_question"
        sku = _one_sku(catalog.product(u.product_id) if catalog else None, u.colour, u.size)
    return AskEvent(
        stream_id=stream_id, comment_id=comment.id, user_id=comment.user_id, text=comment.text[:200],
        intent=intent, language=u.language, ts_ms=now_ms,
        product_id=result.product_id or (u.product_id if u.intent != "other" or u.skip_reason in ATTACKS else None),
        colour=u.colour, size=u.size, sku=sku, status=one.status if one else None,
        unknown_colour=u.unknown_colour, unknown_size=u.unknown_size, unknown_product=u.unknown_product,
        action=str(result.action), reason=reason)


def _one_sku(product: Product | None, colour: str | None, size: str | None) -> str | None:
    if product is None or not (colour or size):
        return None
    found = [v.sku for v in product.variants if colour in (None, v.colour) and size in (None, v.size)]
    return found[0] if len(found) == 1 else None
