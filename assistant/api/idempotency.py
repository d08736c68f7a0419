"""Idempotency-Key on every ledger write route (the answer itself: assistant/api/schemas/common.ledger_answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

# Printable ASCII without spaces: UUIDs, ULIDs and the op ids a 503 hands back all fit.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,200}$"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="The caller's id for this write: the same key sent again (a retry after a time-out or a 503) "
        "answers the first answer and moves no stock twice. Remembered for STOCK_ASSISTANT_ORDER_IDEMPOTENCY_HOURS; "
        "reused with a different body: 409 idempotency_conflict. Orders and holds are idempotent by their own id.",
    ),
]
