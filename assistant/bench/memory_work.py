"""`bench memory`'s work: the catalog it loads and what it sends through the app (orders, live comments)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

import httpx

from assistant.bench.comments import generate_comments
from assistant.catalog.models import Catalog
from assistant.ledger import keys

KEYS = {"integration": "mem-int", "host": "mem-host", "ops": "mem-ops", "admin": "mem-admin"}
ROOM = "bench-live"
Work = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[None]]


def auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS[role]}"}


def sample(name: str) -> Any:
    return json.loads(resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8"))


def bench_catalog() -> dict[str, Any]:
    catalog = sample("sample-catalog.json")
    for product in catalog["products"]:
        for variant in product["variants"]:
            for row in variant.get("stock", []):
                row["on_hand"] = 10_000_000
            if "on_hand" in variant:
                variant["on_hand"] = 10_000_000
    return catalog


def _three_buckets(catalog: dict[str, Any], buckets: int) -> list[str]:
    """One SKU of each of three products in different buckets."""
    picked: dict[int, str] = {}
    for product in catalog["products"]:
        if product["variants"] and not product["variants"][0].get("components"):
            picked.setdefault(keys.bucket_for(product["id"], buckets), product["variants"][0]["sku"])
    return list(picked.values())[:3]


def orders(count: int, lines: int) -> Work:
    async def work(http: httpx.AsyncClient, catalog: dict[str, Any]) -> None:
        skus = _three_buckets(catalog, 16)[:lines] if lines > 1 else [catalog["products"][0]["variants"][0]["sku"]]
        for n in range(count):  # a buyer each: their buyer counters are part of the cost
            body = {"order_id": f"mem-{lines}-{n}", "channel": "douyin", "buyer_id": f"buyer-{n}", "stream_id": ROOM,
                    "lines": [{"sku": sku, "qty": 1} for sku in skus]}
            answer = await http.post("/v1/orders", json=body, headers=auth("integration"))
            if answer.status_code != 201:
                raise RuntimeError(f"bench memory: an order answered {answer.status_code}: {answer.text[:200]}")
    return work


def comments(count: int) -> Work:
    async def work(http: httpx.AsyncClient, catalog: dict[str, Any]) -> None:
        lineup = {item["link_no"]: item["product_id"] for item in sample("sample-lineup.json")["items"]}
        texts = generate_comments(count, Catalog.model_validate(catalog), lineup)
        for start in range(0, count, 50):  # batches as an integration posts them; 300 viewers in the room
            batch = [{"id": f"mem-c{n}", "user_id": f"viewer-{n % 300}", "user_name": f"v{n % 300}", "text": text}
                     for n, text in enumerate(texts[start:start + 50], start)]
            answer = await http.post(f"/v1/streams/{ROOM}/comments", json={"comments": batch},
                                     headers=auth("integration"))
            if answer.status_code != 200:
                raise RuntimeError(f"bench memory: comments answered {answer.status_code}: {answer.text[:200]}")
    return work
