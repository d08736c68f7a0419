"""GET /metrics: the service's figures in Prometheus text format (admin key)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import Response

from assistant.alerts.failover import CURSOR_KEY
from assistant.api.deps import AdminKey, ServicesDep
from assistant.api.schemas.common import errors
from assistant.demand.ask_rooms import every_ask_stream
from assistant.infra import metrics
from assistant.infra.replies import text
from assistant.ledger import keys

if TYPE_CHECKING:
    pass

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response, responses={
    200: {"description": "Prometheus text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}},
    **errors(401, 403, 503)})
async def prometheus_metrics(_: AdminKey, svc: ServicesDep) -> Response:
    """Orders accepted/refused by code (`sa_orders_total`), comment results by action and reason
    (`sa_comment_results_total`), card lag (`sa_card_lag_seconds`), consumer lag per Redis stream
    (`sa_consumer_lag_seconds`), LLM calls and time-outs, Redis errors, HTTP requests and latency. With several
    workers the figures are summed over all of them. Scrape with `authorization: {credentials: <admin key>}`."""
    positions: dict[tuple[str, str], str | None] = {}
    for stream in (keys.MOVEMENTS, *await every_ask_stream(svc.redis)):
        for group, position in (await metrics.group_positions(svc.redis, stream)).items():
            positions[(stream, group)] = position
    cursor = await svc.redis.get(CURSOR_KEY)
    if cursor is not None:
        positions[(keys.MOVEMENTS, "alerts")] = text(cursor)
    body, content_type = metrics.render([await metrics.consumer_lag(svc.redis, positions)])
    return Response(body, media_type=content_type)
