"""The host screen: a public HTML shell (no data in it); the page brings its own key to the API."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

import prompts
from assistant.catalog.models import ID_PATTERN
from assistant.errors import NotFound

router = APIRouter(tags=["host page"])
ASSETS = {"host.js": "text/javascript; charset=utf-8", "host.css": "text/css; charset=utf-8"}
# The key lives in localStorage and the URL fragment: no third-party code, no referrer, no framing.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@router.get("/host/{stream_id}", include_in_schema=False, response_class=HTMLResponse)
async def host_page(stream_id: str = Path(pattern=ID_PATTERN)) -> HTMLResponse:
    return HTMLResponse(prompts.render("host/page.html", stream_id=stream_id), headers=PAGE_HEADERS)


@router.get("/host-assets/{name}", include_in_schema=False)
async def host_asset(name: str) -> Response:
    if name not in ASSETS:
        raise NotFound(f"no host asset {name}", code="not_found")
    body = (resources.files("assistant") / "static" / name).read_bytes()
    return Response(body, media_type=ASSETS[name],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
