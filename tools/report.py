"""Report tool: the live room's session summary (the full report is at /v1/streams/{id}/report.html)."""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime

from assistant.errors import NotFound
from assistant.ops.context import OpsContext
from assistant.ops.report import build_report
from tools._common import json_answer, services


@json_answer
async def session_report(runtime: ToolRuntime[OpsContext]) -> dict[str, Any]:
    """Summary of the live room's session so far: units sold, cancelled, restocked, expired holds,
    oversells (must be 0), reconciliation differences between the movement stream and the ledger,
    best sellers and what sold out when; with the link to the full report page."""
    stream_id = runtime.context.stream_id
    if not stream_id:
        raise NotFound("no live room is known yet", code="unknown_stream")
    report = await build_report(services(runtime), stream_id)
    return {"stream_id": stream_id, "totals": report["totals"], "oversell_count": report["oversell"]["count"],
            "reconciliation_ok": report["reconciliation"]["ok"],
            "differences": report["reconciliation"]["differences"][:10],
            "best_sellers": report["best_sellers"][:3], "sold_out": report["sold_out"][:20],
            "sold_out_count": len(report["sold_out"]), "demand_unmet_asks": report["demand"].get("unmet_asks"),
            "report_url": f"/v1/streams/{stream_id}/report.html"}
