"""The board follows every ledger bucket: a sale in any bucket shows on the room's board."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.ledger import keys
from tests.conftest import SAMPLE_DATA, auth
from tests.support.waiting import eventually
from tests.waitlist.support import STREAM, running

BUCKETS = 4


async def _hoodie(client: Any) -> dict[str, Any]:
    answer = await client.get(f"/v1/board?stream_id={STREAM}", headers=auth("ops"))
    assert answer.status_code == 200, answer.text
    return next(p for p in answer.json()["rooms"][0]["products"] if p["product_id"] == "HD-101")


@pytest.mark.parametrize("started", ["before the sale", "after the sale"])
async def test_a_sale_in_the_third_bucket_shows_on_the_board(settings, redis, clock, started: str) -> None:
    assert keys.bucket_for("HD-101", BUCKETS) == 2  # the sample's hoodie: bucket 2, never the first stream
    async with running(settings.model_copy(update={"ledger_buckets": BUCKETS}), clock) as (app, client):
        catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
        lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
        assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        assert (await client.put(f"/v1/streams/{STREAM}/lineup", json={"items": lineup["items"]},
                                 headers=auth("host"))).status_code == 200
        tape = app.state.services.board
        if started == "after the sale":
            await tape.close()  # a worker that starts later warms up from the streams instead
        order = {"order_id": "b-1", "channel": "douyin", "buyer_id": "b1", "stream_id": STREAM,
                 "lines": [{"sku": "HD-101-BLK-L", "qty": 3}]}
        assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
        if started == "after the sale":
            await tape.start()
        await eventually(lambda: _sold_on_board(client, 3), "the bucket-2 sale on the board")
        hoodie = await _hoodie(client)
        assert hoodie["session_units"] == 3 and sum(hoodie["per_minute"]) == 3


async def _sold_on_board(client: Any, units: int) -> bool:
    return (await _hoodie(client))["channels"].get("douyin") == units
