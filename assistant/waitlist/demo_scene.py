"""The demo's waitlist scene: a variant sells out, viewers queue for it, a restock tells them (and the host)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from rich.console import Console

SKU = "HD-101-BLK-2XL"
ASKS = [("黑色2XL还有吗", "小雨"), ("蹲一个黑色2XL", "阿杰"), ("黑色2XL到货提醒我", "Mia"),
        ("notify me when black 2XL is back", "Sam"), ("想要黑色2XL", "朵朵")]


async def waitlist_scene(http: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], stream: str,
                         console: Console) -> None:
    console.rule("waitlist: sold out → restock")
    left = (await http.get(f"/v1/skus/{SKU}", headers=auth("ops"))).json()["sellable"]
    if left:  # the order rush usually clears it; a last big order makes sure
        order = {"order_id": "demo-clear-2xl", "channel": "douyin", "buyer_id": "buyer-big", "stream_id": stream,
                 "lines": [{"sku": SKU, "qty": left}]}
        await http.post("/v1/orders", json=order, headers=auth("integration"))
    # One batch, as a busy room sends them: the viewers asking the same thing share one reply, and each joins.
    body = {"comments": [{"id": f"demo-wl-{n}", "user_id": f"wl-viewer{n}", "user_name": name, "text": text}
                         for n, (text, name) in enumerate(ASKS)]}
    answer = (await http.post(f"/v1/streams/{stream}/comments", json=body, headers=auth("integration"))).json()
    for (text, _), result in zip(ASKS, answer["results"], strict=True):
        action = (result.get("waitlist") or {}).get("action", "-")
        console.print(f"[cyan]{text}[/cyan] → {result['reply'] or '(' + str(result.get('reason')) + ')'}"
                      f"  [dim]waitlist: {action}[/dim]", highlight=False)
    room = (await http.get(f"/v1/streams/{stream}/waitlist", headers=auth("host"))).json()
    waiting = next((r["waiting"] for r in room["variants"] if r["sku"] == SKU), 0)
    console.print(f"waitlist: {waiting} viewers waiting for {SKU} ({room['waiting']} in the room)", highlight=False)
    await http.post(f"/v1/skus/{SKU}/restock", json={"qty": 20, "reason": "demo restock"}, headers=auth("ops"))
    notices: list[dict[str, Any]] = []
    for _ in range(40):  # the notice watcher follows the ledger in the background
        listed = (await http.get(f"/v1/streams/{stream}/waitlist/notices", headers=auth("host"))).json()["notices"]
        if listed and listed[0]["status"] == "ready":
            break
        await asyncio.sleep(0.25)
    for turn in range(4):
        body = {"comments": [{"id": f"demo-wl-chat{turn}", "user_id": "chatter", "text": "主播好"}]}
        notices += (await http.post(f"/v1/streams/{stream}/comments", json=body, headers=auth("integration"))
                    ).json().get("notices", [])
    for part in notices:
        console.print(f"[green]notice {part['part']}/{part['parts']}[/green] {part['reply']}", highlight=False)
    cards = (await http.get(f"/v1/streams/{stream}/cards", headers=auth("host"))).json()["cards"]
    for card in (c for c in cards if c["level"] == "waitlist"):
        console.print(f"[bold]host card[/bold] {card['line_zh']}", highlight=False)
    events = (await http.get(f"/v1/streams/{stream}/waitlist/events", headers=auth("ops"))).json()["events"]
    console.print(f"webhook events: {len(events)} (cursor {events[-1]['cursor'] if events else '-'})", highlight=False)
