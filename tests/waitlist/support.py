"""Helpers for the waitlist tests: sell a variant out, post comments, restock, read what came out."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from tests.conftest import SAMPLE_DATA, auth

STREAM = "demo-live"
BLACK_L = "HD-101-BLK-L"


async def sell_out(client: Any, sku: str = BLACK_L, order_id: str = "sellout-1") -> None:
    detail = (await client.get(f"/v1/skus/{sku}", headers=auth("ops"))).json()
    left = detail["sellable"]
    body = {"order_id": order_id, "channel": "douyin", "buyer_id": "big-buyer", "stream_id": STREAM,
            "lines": [{"sku": sku, "qty": left}]}
    assert (await client.post("/v1/orders", json=body, headers=auth("integration"))).status_code == 201


async def comment(client: Any, *items: tuple[str, str, str], stream: str = STREAM) -> dict[str, Any]:
    """(comment id, user id, text) ...; user names are the ids with a '宝' in front."""
    body = {"comments": [{"id": cid, "user_id": uid, "user_name": f"宝{uid}", "text": text} for cid, uid, text in items]}
    answer = await client.post(f"/v1/streams/{stream}/comments", json=body, headers=auth("integration"))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def restock(client: Any, qty: int, sku: str = BLACK_L) -> None:
    answer = await client.post(f"/v1/skus/{sku}/restock", json={"qty": qty, "reason": "test"}, headers=auth("ops"))
    assert answer.status_code == 200, answer.text


async def waitlist(client: Any, stream: str = STREAM) -> dict[str, Any]:
    answer = await client.get(f"/v1/streams/{stream}/waitlist", headers=auth("host"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def waiting_for(room: dict[str, Any], sku: str = BLACK_L) -> int:
    return next((row["waiting"] for row in room["variants"] if row["sku"] == sku), 0)


async def focus(client: Any, product_id: str = "HD-101", stream: str = STREAM) -> None:
    answer = await client.put(f"/v1/streams/{stream}/focus", json={"product_id": product_id}, headers=auth("host"))
    assert answer.status_code == 200, answer.text


@contextlib.asynccontextmanager
async def running(settings: Any, clock: Any) -> AsyncIterator[tuple[Any, Any]]:
    """The app with its lifespan, as one service run: leaving it stops the service (its Redis stays)."""
    import httpx

    from assistant.main import create_app

    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield application, http


async def load_sample(client: Any) -> None:
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
    assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
    answer = await client.put(f"/v1/streams/{STREAM}/lineup", json={"items": lineup["items"]}, headers=auth("host"))
    assert answer.status_code == 200


def mentioned(notices: list[dict[str, Any]]) -> list[str]:
    return [user for part in notices for user in part["mentions"]]


async def sold_out_room(client: Any) -> None:
    """The sample catalog and lineup, the hoodie on screen, and its black L sold out."""
    await load_sample(client)
    await focus(client)
    await sell_out(client)
