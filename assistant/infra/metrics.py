"""The service's own Prometheus figures, and the scrape that renders them.

Several `serve` workers: the parent sets PROMETHEUS_MULTIPROC_DIR before they start, prometheus-client then keeps
each worker's samples in that directory and a scrape on any worker sums them (multiprocess mode). Figures read
from Redis at scrape time (consumer lag) are the same whichever worker answers, so they are computed per scrape.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from assistant.errors import AppError

if TYPE_CHECKING:  # the comment results are counted here; infra imports no domain package at run time
    from assistant.alerts.card import Card
    from assistant.comments.results import CommentResult

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)

HTTP_REQUESTS = Counter("sa_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_SECONDS = Histogram("sa_http_request_duration_seconds", "HTTP request time", ["method", "route"])
ORDERS = Counter("sa_orders_total", "Orders answered: accepted, or refused with an error code",
                 ["outcome", "code"])
REPLIES = Counter("sa_comment_results_total", "Comment results by action and reason", ["action", "reason"])
CARD_LAG = Histogram("sa_card_lag_seconds", "From the stock movement to its host card being published",
                     buckets=_LAG_BUCKETS)
CARDS = Counter("sa_cards_total", "Host cards published", ["level"])
LLM_CALLS = Counter("sa_llm_calls_total", "Chat model calls", ["backend", "outcome"])
LLM_SECONDS = Histogram("sa_llm_call_duration_seconds", "Chat model call time", ["backend"])
LLM_TIMEOUTS = Counter("sa_llm_timeouts_total", "LLM runs that ran out of their time budget", ["path"])
REDIS_ERRORS = Counter("sa_redis_errors_total", "Redis failures seen by requests", ["kind"])


@contextmanager
def counting_order() -> Iterator[None]:
    """Counts one order answer: accepted (with its replay), or refused by code."""
    try:
        yield
    except AppError as error:
        ORDERS.labels("refused", error.code).inc()
        raise
    ORDERS.labels("accepted", "").inc()


def count_comment_results(results: Sequence[CommentResult]) -> None:
    for result in results:
        # "merged_into:c7" / "guard:unsupported_number:9": the kind only, so the label set stays small.
        reason = str(result.reason).split(":", 1)[0]
        REPLIES.labels(str(result.action), reason).inc()


def observe_card(card: Card) -> None:
    """A listener of the alert engine: the lag from the triggering movement (its Redis stream id is the Redis
    server's clock in ms) to now."""
    CARDS.labels(card.level).inc()
    trigger = card.trigger or {}
    stamp = str(trigger.get("movement_id") or "").split("-", 1)[0]
    if stamp.isdigit():
        CARD_LAG.observe(max(0.0, time.time() - int(stamp) / 1000))


def _stream_ms(entry_id: Any) -> int | None:
    text = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id or "")
    head = text.split("-", 1)[0]
    return int(head) if head.isdigit() else None


async def consumer_lag(redis: Any, positions: dict[tuple[str, str], str | None]) -> GaugeMetricFamily:
    """Seconds between a stream's newest entry and the last one each consumer has taken (0: caught up)."""
    family = GaugeMetricFamily("sa_consumer_lag_seconds", "How far a consumer is behind its Redis stream",
                               labels=["stream", "consumer"])
    for (stream, consumer), position in positions.items():
        try:
            info = await redis.xinfo_stream(stream)
        except Exception:  # noqa: BLE001 - a stream not created yet has no lag to report
            continue
        newest, at = _stream_ms(info.get("last-generated-id")), _stream_ms(position)
        if newest is not None:
            family.add_metric([stream, consumer], max(0, newest - (at if at is not None else newest)) / 1000)
    return family


async def group_positions(redis: Any, stream: str) -> dict[str, str]:
    """Consumer groups on a stream and the last entry each was handed."""
    try:
        groups = await redis.xinfo_groups(stream)
    except Exception:  # noqa: BLE001 - no stream yet
        return {}
    return {(g["name"].decode() if isinstance(g["name"], bytes) else g["name"]): g["last-delivered-id"]
            for g in groups}


def fresh_multiprocess_dir(path: Path) -> Path:
    """The samples directory of one `serve` run: emptied first, as prometheus-client requires."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


class _Fixed:
    def __init__(self, families: list[GaugeMetricFamily]):
        self.families = families

    def collect(self) -> list[GaugeMetricFamily]:
        return self.families


def render(extra: list[GaugeMetricFamily]) -> tuple[bytes, str]:
    """The text exposition: this process's (or, in multiprocess mode, every worker's) samples plus `extra`."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    scrape = CollectorRegistry()
    scrape.register(_Fixed(extra))
    return generate_latest(registry) + generate_latest(scrape), CONTENT_TYPE_LATEST
