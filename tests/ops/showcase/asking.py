"""Asks a labelled set's questions of the played showcase session, in order, the way its scorers share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from assistant.ledger.keys import MOVEMENTS
from tests.conftest import auth
from tests.ops.showcase import oracle, scenario
from tests.ops.showcase.stubs import ShowcaseAlerts, ShowcaseDemand


async def ask_all(app: Any, client: Any, clock: Any, lines: list[dict[str, Any]]
                  ) -> AsyncIterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Plays the session, then yields (line, answer body) per question (a `follow` line continues the
    conversation); once all are asked, checks that no movement and no policy moved (proposals only)."""
    await scenario.play(client, clock)
    svc = app.state.services
    svc.demand, svc.alerts = ShowcaseDemand(), ShowcaseAlerts()
    movements_before = await svc.redis.xlen(MOVEMENTS)
    policies_before = {s: (await client.get(f"/v1/skus/{s}", headers=auth("ops"))).json() for s in oracle.lineup()}
    conversation: str | None = None
    for line in lines:
        body_in = {"question": line["question"], "stream_id": line["room"]}
        if line["follow"] and conversation:
            body_in["conversation_id"] = conversation
        response = await client.post("/v1/ops/ask", json=body_in, headers=auth("ops"))
        assert response.status_code == 200, response.text
        body = response.json()
        conversation = body["conversation_id"]
        yield line, body
    assert await svc.redis.xlen(MOVEMENTS) == movements_before
    for sku, before in policies_before.items():
        assert (await client.get(f"/v1/skus/{sku}", headers=auth("ops"))).json() == before
