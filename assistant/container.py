"""Builds every long-lived part once (Redis, ledger, catalog, streams ...) and closes them in order."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis

from assistant.catalog.service import CatalogService
from assistant.config import Settings
from assistant.infra.deferred_start import start_or_defer
from assistant.infra.degraded import LostSideEffects
from assistant.infra.embedded_redis import EmbeddedRedis
from assistant.infra.embedded_supervisor import Supervisor, open_embedded
from assistant.infra.loop_trouble import LoopTrouble
from assistant.infra.redis_client import make_redis_client
from assistant.infra.store_errors import STORE_ERRORS, store_outage
from assistant.infra.worker_slot import WorkerSlot, claim_slot
from assistant.ledger.availability import LowStockRule
from assistant.ledger.service import Clock, Ledger, wall_clock_ms
from assistant.streams.service import StreamService

if TYPE_CHECKING:  # the domain parts import this module to be wired: their types, never their import at run time
    from chromadb.api import ClientAPI
    from chromadb.api.types import Documents, EmbeddingFunction

    from assistant.alerts.wiring import AlertsPart
    from assistant.board.tape import MovementTape
    from assistant.catalog.matcher import CatalogMatcher
    from assistant.catalog.semantic_index import SemanticIndex
    from assistant.comments.pipeline import CommentPipeline
    from assistant.demand.service import DemandService
    from assistant.ops.service import OpsService
    from assistant.waitlist.service import WaitlistService


CLOSE_BUDGET_S = 30
log = logging.getLogger("assistant.container")


@dataclass
class Services:
    settings: Settings
    redis: Redis
    ledger: Ledger
    catalog: CatalogService
    streams: StreamService
    low_stock: LowStockRule
    clock: Clock
    embedded_redis: EmbeddedRedis | None = None
    lost: LostSideEffects = field(default_factory=LostSideEffects)  # side effects Redis refused (out of memory)
    loops: list[LoopTrouble] = field(default_factory=list)  # background loops and deferred starts, for /healthz
    chroma_slot: WorkerSlot | None = None  # this process's embedded chroma directory (none with a chroma server)
    chroma: ClientAPI | None = None  # embedded PersistentClient, or HttpClient when chroma_url is set
    embedder: EmbeddingFunction[Documents] | None = None  # ours: chromadb's default would download a model
    # Domain parts, set by each domain's wiring.start; None where the part is not running (a one-shot command,
    # a test that starts only some parts), so a reader that can do without one checks for None.
    alerts: AlertsPart | None = None
    demand: DemandService | None = None
    comments: CommentPipeline | None = None
    waitlist: WaitlistService | None = None
    ops: OpsService | None = None
    board: MovementTape | None = None  # the live board's movement tail
    _closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def on_close(self, closer: Callable[[], Awaitable[None]]) -> None:
        self._closers.append(closer)

    def run_until_closed(self, name: str, run: Callable[[asyncio.Event], Coroutine[Any, Any, None]]) -> None:
        """Runs a background loop that ends when its event is set; closing sets it, then cancels what still
        runs after 2 s (bounded: shutdown never waits on a Redis that stopped answering)."""
        stop = asyncio.Event()
        task = asyncio.create_task(run(stop), name=name)

        async def stop_running() -> None:
            stop.set()
            _, running = await asyncio.wait({task}, timeout=2.0)
            for left in running:
                left.cancel()

        stop_running.__qualname__ = f"stop {name}"
        self.on_close(stop_running)

    async def aclose(self) -> None:
        for closer in reversed(self._closers):
            try:
                # A part that cannot stop (a background loop stuck on a store that stopped answering) must
                # not keep the process from exiting: it gets a budget, then is cancelled and named in the log.
                await asyncio.wait_for(closer(), timeout=CLOSE_BUDGET_S)
            except TimeoutError:
                log.warning("shutdown: %s did not stop within %s s; cancelled",
                            getattr(closer, "__qualname__", closer), CLOSE_BUDGET_S)
        await self.redis.aclose()
        if self.chroma_slot is not None:
            self.chroma_slot.release()
        if self.embedded_redis is not None:
            self.embedded_redis.stop()


def _chroma(settings: Settings) -> tuple[ClientAPI, EmbeddingFunction[Documents], WorkerSlot | None]:
    # Imported here: chromadb takes seconds to import, and a terminal question never matches by meaning.
    from assistant.catalog.embeddings import make_embedder
    from assistant.catalog.matcher import make_client

    slot = None if settings.chroma_url else claim_slot(settings.chroma_path)
    path = str(slot.path) if slot else None
    return make_client(path=path, url=settings.chroma_url), make_embedder(settings), slot


def _semantic(redis: Redis, chroma: ClientAPI, embedder: EmbeddingFunction[Documents],
              indexing: bool) -> tuple[CatalogMatcher, SemanticIndex | None]:
    """The catalog matcher (comments match products by meaning) and, where this process embeds, the index."""
    from assistant.catalog.matcher import CatalogMatcher
    from assistant.catalog.semantic_index import SemanticIndex
    from assistant.catalog.shared_vectors import SharedVectors

    matcher = CatalogMatcher(chroma, embedder)
    semantic = SemanticIndex(matcher, SharedVectors(redis, matcher.model_name)) if indexing else None
    return matcher, semantic


async def start_services(settings: Settings, *, clock: Clock | None = None, semantic_index: bool = True,
                         matching: bool = True) -> Services:
    """semantic_index=False for one-shot commands (a CLI load): the serving workers embed, not the command.
    matching=False for a terminal question: no chroma client and no matcher at all (the ops assistant reads
    the catalog and the ledger; only comments and demand match by meaning), so chromadb is never imported."""
    embedded = None
    url = settings.redis_url
    if not url:  # the data dir's own server: shared with its live owner, adopted from a crashed one, or started
        url, embedded = open_embedded(settings.data_dir / "redis")
    redis = make_redis_client(
        url, socket_timeout_s=settings.redis_socket_timeout_s, retry_budget_s=settings.redis_retry_budget_s
    )
    clock = clock or wall_clock_ms
    ledger = Ledger(
        redis,
        clock=clock,
        hold_ttl_seconds=settings.hold_ttl_seconds,
        reject_keep_seconds=settings.order_idempotency_hours * 3600,
        op_keep_seconds=settings.order_idempotency_hours * 3600,
        movement_maxlen=settings.movement_stream_maxlen,
        history_keep_seconds=settings.sku_history_hours * 3600,
        order_keep_seconds=settings.order_keep_days * 86400,
        order_cancel_seconds=int(settings.order_cancel_days * 86400),
        buyers_keep_seconds=settings.buyer_count_hours * 3600,
        buckets=settings.ledger_buckets,
        cross_hold_ttl_seconds=settings.cross_bucket_hold_seconds,
    )
    closers: list[Callable[[], Awaitable[None]]] = []
    loops: list[LoopTrouble] = []
    # Redis down or full at start: the service starts anyway (see infra/deferred_start); the scripts load on
    # first use then, and the catalog follower reads the catalog once Redis answers.
    await start_or_defer("ledger scripts", lambda: ledger.scripts.load_all(redis), closers.append, loops)
    # Another bucket count than the ledger's stops start-up (LedgerMisconfigured); Redis away: checked when it is
    # back, and before any ledger write anyway.
    await start_or_defer("ledger bucket count", ledger.placement.verify, closers.append, loops)
    chroma: ClientAPI | None = None
    embedder: EmbeddingFunction[Documents] | None = None
    chroma_slot: WorkerSlot | None = None
    matcher: CatalogMatcher | None = None
    semantic: SemanticIndex | None = None
    if matching:
        chroma, embedder, chroma_slot = _chroma(settings)
        indexing = semantic_index and settings.semantic_index != "off"
        matcher, semantic = _semantic(redis, chroma, embedder, indexing)
    catalog = CatalogService(redis, ledger, semantic, inline_index_records=settings.catalog_inline_index_records)
    loops.append(catalog.follow_trouble)
    catalog.matcher = matcher if settings.semantic_index != "off" else None
    catalog.traffic_defaults = (settings.traffic_buyer_limit, settings.traffic_flash_cap_ratio)
    try:
        await catalog.restore()
    except STORE_ERRORS as error:  # down or full at start: the follower below reads it once Redis answers
        if store_outage(error) is None:
            raise
        log.warning("catalog not read at start (%s); the catalog follower reads it once Redis answers", error)
    svc = Services(
        chroma=chroma,
        embedder=embedder,
        chroma_slot=chroma_slot,
        settings=settings,
        redis=redis,
        ledger=ledger,
        catalog=catalog,
        streams=StreamService(redis, catalog),
        low_stock=LowStockRule(settings.low_stock_ratio, settings.low_stock_units),
        clock=clock,
        embedded_redis=embedded,
    )
    for closer in closers:
        svc.on_close(closer)
    svc.loops += loops
    # Other workers load catalogs too: follow their loads so every worker answers from the same catalog.
    svc.run_until_closed("catalog-follower", catalog.follow)
    if semantic is not None:
        svc.on_close(semantic.stop)
    if embedded is not None:
        supervisor = Supervisor(embedded).start()
        svc.on_close(lambda: asyncio.to_thread(supervisor.stop))  # first of all closers; aclose then stops Redis
    return svc
