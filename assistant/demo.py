"""`stock-assistant demo`: the service on the embedded defaults, the sample catalog, a replayed live session."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from importlib import resources
from typing import Any

import httpx
import uvicorn
from rich.console import Console
from rich.progress import Progress

from assistant.config import get_settings
from assistant.main import create_app, resolve_api_keys
from assistant.waitlist.demo_scene import waitlist_scene

STREAM = "demo-live"
console = Console()


def sample(name: str) -> Any:
    text = (resources.files("assistant.data") / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def _keys_by_role() -> dict[str, str]:
    return {role: key for key, role in resolve_api_keys(get_settings()).items()}


def order_stream(seed: int = 7, count: int = 240) -> list[dict[str, Any]]:
    """A live session's orders: steady sales across the lineup, a rush on the hoodie's small runs."""
    rng = random.Random(seed)
    catalog = sample("sample-catalog.json")
    skus = [v["sku"] for p in catalog["products"] for v in p["variants"] if v["on_hand"] > 0]
    hot = ["HD-101-BLK-2XL", "HD-101-APR-2XL", "HD-101-APR-XL", "DR-201-RED-S", "SN-401-WHT-37"]
    orders = []
    for n in range(count):
        sku = rng.choice(hot) if rng.random() < 0.55 else rng.choice(skus)
        channel = rng.choice(["douyin", "taobao", "kuaishou", "tiktok"])
        orders.append({"order_id": f"demo-{seed}-{n}", "channel": channel, "buyer_id": f"buyer-{rng.randint(1, 400)}",
                       "stream_id": STREAM, "lines": [{"sku": sku, "qty": 1}]})
    return orders


async def replay(base_url: str, keys: dict[str, str], speed: float) -> None:
    def auth(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {keys[role]}"}

    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        loaded = await http.put("/v1/catalog?reset_stock=true", json=sample("sample-catalog.json"), headers=auth("admin"))
        console.print(f"catalog loaded: {loaded.json()}")
        lineup = sample("sample-lineup.json")
        await http.put(f"/v1/streams/{STREAM}/lineup", json={"items": lineup["items"]}, headers=auth("host"))
        await http.put(f"/v1/streams/{STREAM}/focus", json={"product_id": "HD-101"}, headers=auth("host"))

        console.rule("live comments")
        comments = sample("sample-comments.jsonl")
        for n, line in enumerate(comments):
            if line.get("focus"):
                await http.put(f"/v1/streams/{STREAM}/focus", json={"product_id": line["focus"]}, headers=auth("host"))
            body = {"comments": [{"id": f"demo-c{n}", "user_id": f"viewer{n}", "user_name": f"观众{n}",
                                  "text": line["text"]}]}
            result = (await http.post(f"/v1/streams/{STREAM}/comments", json=body, headers=auth("integration")))
            answer = result.json()["results"][0]
            if n < 24 or answer["action"] == "skip" and n % 3 == 0:
                shown = answer["reply"] or f"({answer['action']}: {answer.get('reason')})"
                console.print(f"[cyan]{line['text']}[/cyan] → {shown}", highlight=False)
        await http.put(f"/v1/streams/{STREAM}/focus", json={"product_id": "HD-101"}, headers=auth("host"))

        console.rule("orders")
        orders = order_stream()
        accepted = refused = 0
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("replaying orders", total=len(orders))
            for order in orders:
                answer = await http.post("/v1/orders", json=order, headers=auth("integration"))
                accepted += answer.status_code == 201
                refused += answer.status_code == 409
                bar.advance(task)
                await asyncio.sleep(0.05 / max(speed, 0.01))
        oversold = 0
        for sku in sorted({line["sku"] for order in orders for line in order["lines"]}):
            c = (await http.get(f"/v1/skus/{sku}", headers=auth("integration"))).json()["counters"]
            oversold += max(0, c.get("sold", 0) + c.get("held", 0) - (c.get("on_hand", 0) - c.get("safety", 0)))
        console.print(f"orders: {accepted} accepted, {refused} refused (sold out or limits), "
                      f"{oversold} units oversold (read back from the ledger)")
        await asyncio.sleep(1.0)
        cards = (await http.get(f"/v1/streams/{STREAM}/cards", headers=auth("host"))).json()["cards"]
        console.rule(f"host cards ({len(cards)})")
        for card in cards[:6]:
            console.print(f"[bold]{card.get('level')}[/bold] {card.get('line_zh') or card.get('title') or card}",
                          highlight=False)
        demand = (await http.get(f"/v1/streams/{STREAM}/demand", headers=auth("host"))).json()["items"]
        console.rule("most asked")
        for item in demand[:5]:
            variant = " ".join(str(v) for v in (item.get("colour"), item.get("size")) if v) or "(the product)"
            name = item.get("name") or item.get("product_id")  # people read names; the id is for machines
            console.print(f"{name} {variant}: {item.get('asks')} asks", highlight=False)
        await waitlist_scene(http, auth, STREAM, console)


def run_demo(*, host: str, port: int, duration: float | None, speed: float) -> int:
    # The replay posts a whole session's comments in seconds; a real room spreads them over minutes, so the
    # demo widens the reply budget (unless set explicitly) to show every answer instead of budget skips.
    settings = get_settings()
    if "comment_reply_burst" not in settings.model_fields_set:
        settings = settings.model_copy(update={"comment_reply_burst": 100.0})
    if "log_level" not in settings.model_fields_set:  # the demo's screen is for people: no access lines
        settings = settings.model_copy(update={"log_level": "warning"})
    keys = _keys_by_role()
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    base = f"http://{host}:{port}"

    async def main() -> None:
        serving = asyncio.create_task(server.serve())
        while not server.started:
            if serving.done():
                serving.result()
                return
            await asyncio.sleep(0.05)
        console.rule("live-stock assistant demo")
        console.print(f"host screen:  {base}/host/{STREAM}#key={keys['host']}")
        console.print(f"ops console:  {base}/ops#key={keys['ops']}")
        console.print(f"report:       {base}/v1/streams/{STREAM}/report.html#key={keys['ops']}")
        console.print(f"API docs:     {base}/docs   (data and keys under {settings.data_dir.resolve()})")
        await replay(base, keys, speed)
        console.rule("serving; Ctrl-C to stop" if duration is None else f"serving for {duration:.0f} s more")
        if duration is not None:
            await asyncio.sleep(duration)
            server.should_exit = True
        await serving

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    return 0
