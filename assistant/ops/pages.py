"""Browser pages: public shells that carry no data and fetch everything with the ops key.

The key comes from ``#key=...`` in the address (a fragment never reaches the server or its logs) or
from localStorage, and is sent as ``Authorization: Bearer``. So the pages need no key themselves and
stay out of the API schema (the route-coverage test checks every schema route for 401/403).
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from assistant.api.page_security import render_page
from assistant.catalog.models import ID_PATTERN

router = APIRouter()


@router.get("/ops", include_in_schema=False)
async def console(request: Request) -> HTMLResponse:
    return render_page(request, "ops/console.html")


@router.get("/v1/streams/{stream_id}/report.html", include_in_schema=False)
async def report_page(request: Request, stream_id: str = Path(pattern=ID_PATTERN)) -> HTMLResponse:
    return render_page(request, "report/page.html", stream_id=stream_id)
