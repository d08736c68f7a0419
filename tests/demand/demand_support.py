"""Builders shared by the demand tests: the sample catalog, a service on the throwaway Redis, scripted asks."""

from __future__ import annotations

import itertools
import json
import uuid
from typing import Any

from redis.asyncio import Redis

from assistant.catalog.models import Catalog
from assistant.demand.consumer import CLAIM_EVERY_S, CLAIM_IDLE_MS
from assistant.demand.events import AskEvent
from assistant.demand.not_offered import NotOfferedGrouper
from assistant.demand.report import Thresholds
from assistant.demand.service import DemandService
from assistant.ledger.keys import MOVEMENTS
from tests.conftest import SAMPLE_DATA

CATALOG = Catalog.model_validate(json.loads((SAMPLE_DATA / "sample-catalog.json").read_text()))
STREAM = "live-1"
_comment_ids = itertools.count(1)


def ephemeral_chroma() -> Any:
    import chromadb

    return chromadb.EphemeralClient()


def make_service(redis: Redis, clock: Any, *, chroma: bool = False, consumer_name: str = "test-worker",
                 claim_idle_ms: int = CLAIM_IDLE_MS, claim_every_s: float = CLAIM_EVERY_S,
                 **thresholds: Any) -> DemandService:
    # A fresh collection per service: ephemeral chroma clients share one in-process store, and two services
    # stand for two workers, each with its own index.
    grouper = NotOfferedGrouper(redis, client_factory=ephemeral_chroma if chroma else None,
                                collection_name=f"demand-test-{uuid.uuid4().hex[:8]}")
    return DemandService(redis, movement_streams=[MOVEMENTS], catalog=lambda: CATALOG, clock=clock,
                         thresholds=Thresholds(**thresholds),
                         grouper=grouper, consumer_name=consumer_name, claim_idle_ms=claim_idle_ms,
                         claim_every_s=claim_every_s)


def ask(clock: Any, user: str, product_id: str | None = "HD-101", colour: str | None = None,
        size: str | None = None, *, status: str | None = None, intent: str = "availability",
        stream_id: str = STREAM, text: str = "有吗", language: str = "zh", **extra: Any) -> AskEvent:
    sku = None
    product = CATALOG.product(product_id) if product_id else None
    if product and colour and size:
        sku = next(v.sku for v in product.variants if v.colour == colour and v.size == size)
    return AskEvent(stream_id=stream_id, comment_id=f"c{next(_comment_ids)}", user_id=user, text=text,
                    intent=intent, language=language, ts_ms=int(clock()), product_id=product_id, colour=colour,
                    size=size, sku=sku, status=status, **extra)


def sale(clock: Any, sku: str, qty: int = 1, *, stream_id: str = STREAM, kind: str = "sale") -> dict[str, str]:
    """A ledger movement as the ledger writes it to sa:movements (a sale's qty is negative)."""
    product = sku.rsplit("-", 2)[0]
    return {"type": kind, "sku": sku, "product": product, "qty": str(-qty if kind == "sale" else qty),
            "ts": str(int(clock())), "stream": stream_id, "channel": "douyin"}


def item(report: dict[str, Any], product_id: str, colour: str | None = None,
         size: str | None = None) -> dict[str, Any]:
    return next(r for r in report["items"]
                if (r["product_id"], r["colour"], r["size"]) == (product_id, colour, size))
