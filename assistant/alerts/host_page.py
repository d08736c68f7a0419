"""The host screen: a public HTML shell (no data in it); the page brings its own key to the API."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from assistant.api.page_security import render_page
from assistant.catalog.models import ID_PATTERN
from assistant.errors import NotFound

router = APIRouter(tags=["host page"])
ASSETS = {"host.js": "text/javascript; charset=utf-8", "host.css": "text/css; charset=utf-8"}


@router.get("/host/{stream_id}", include_in_schema=False, response_class=HTMLResponse)
async def host_page(request: Request, stream_id: str = Path(pattern=ID_PATTERN)) -> HTMLResponse:
    # Its Content-Security-Policy and the other page headers come from assistant.api.page_security.
    return render_page(request, "host/page.html", stream_id=stream_id)


@router.get("/host-assets/{name}", include_in_schema=False)
async def host_asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no host asset {name}", code="not_found")
    body = (resources.files("assistant") / "static" / name).read_bytes()
    return Response(body, media_type=ASSETS[name],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
