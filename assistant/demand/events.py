"""The ask event: what the comment pipeline publishes for every processed comment.

Published to the Redis stream ASKS_STREAM (one entry per comment); the demand capability consumes it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ASKS_STREAM = "sa:asks"
ASKS_MAXLEN = 500_000

ASKING_INTENTS = frozenset({"availability", "size_advice"})
# Skip reasons that mean "not demand"; any other skip of an asking intent is a real question left unanswered
# (merged into another reply, cooldown, reply budget, guard), and 60 viewers asking is the signal itself.
NOT_DEMAND_REASONS = frozenset({"injection", "abuse", "chatter", "spam", "not_a_stock_question"})


@dataclass(frozen=True)
class AskEvent:
    stream_id: str
    comment_id: str
    user_id: str
    text: str
    intent: str  # availability | size_advice | other
    language: str
    ts_ms: int
    product_id: str | None = None
    colour: str | None = None
    size: str | None = None
    sku: str | None = None  # set when the comment resolved to one variant
    status: str | None = None  # that variant's status when asked: in_stock | low | sold_out
    unknown_colour: str | None = None  # asked for a colour/size/product the catalog does not offer
    unknown_size: str | None = None
    unknown_product: str | None = None
    action: str = "reply"  # reply | clarify | skip
    # Why the pipeline answered as it did (the comment result's "reason"): lets demand tell a question that
    # was merely not answered again (merged_into:..., viewer_cooldown, answered_recently, reply_budget) from
    # one that is not a question at all (injection, abuse, chatter). Optional: older producers omit it.
    reason: str | None = None

    def fields(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_fields(cls, raw: dict[str, Any]) -> AskEvent:
        data = {k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v
                for k, v in raw.items()}
        data["ts_ms"] = int(data["ts_ms"])
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def is_demand(event: AskEvent) -> bool:
    """A question about stock: an asking intent, not refused as injection/abuse/chatter."""
    if event.intent not in ASKING_INTENTS:
        return False
    return not (event.reason and event.reason.split(":", 1)[0] in NOT_DEMAND_REASONS)


def publish(pipe: Any, event: AskEvent) -> None:
    """Queues the XADD on a pipeline (or client) the caller executes: one round trip per comment batch."""
    pipe.xadd(ASKS_STREAM, event.fields(), maxlen=ASKS_MAXLEN, approximate=True)
