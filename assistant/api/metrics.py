"""GET /metrics: the service's figures in Prometheus text format (admin key)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from assistant.alerts.failover import CURSOR_KEY
from assistant.api.deps import AdminKey, ServicesDep
from assistant.api.schemas.common import errors
from assistant.demand.ask_rooms import every_ask_stream
from assistant.infra import metrics
from assistant.ledger.feed import MovementFeed, load_cursors

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response, responses={
    200: {"description": "Prometheus text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}},
    **errors(401, 403, 503)})
async def prometheus_metrics(_: AdminKey, svc: ServicesDep) -> Response:
    """Orders accepted/refused by code (`sa_orders_total`), comment results by action and reason
    (`sa_comment_results_total`), card lag (`sa_card_lag_seconds`), consumer lag per Redis stream
    (`sa_consumer_lag_seconds`: demand and the alert engine on every bucket's movement stream, demand on every
    room's ask stream), LLM calls and time-outs, Redis errors, HTTP requests and latency. With several
    workers the figures are summed over all of them. Scrape with `authorization: {credentials: <admin key>}`."""
    movement_streams = MovementFeed.of(svc.ledger).streams  # every bucket's, each with its own lag
    positions: dict[tuple[str, str], str | None] = {}
    for stream in (*movement_streams, *await every_ask_stream(svc.redis)):
        for group, position in (await metrics.group_positions(svc.redis, stream)).items():
            positions[(stream, group)] = position
    # The alert leader's evaluated mark, per stream (one key holds them all).
    for stream, position in load_cursors(await svc.redis.get(CURSOR_KEY), movement_streams).items():
        positions[(stream, "alerts")] = position
    body, content_type = metrics.render([await metrics.consumer_lag(svc.redis, positions)])
    return Response(body, media_type=content_type)
