"""Browser pages: public HTML shells that carry no data, and their static assets.

Each page fetches everything with a key that comes from ``#key=...`` in the address (a fragment never
reaches the server or its logs) or from localStorage, sent as ``Authorization: Bearer``. So the pages need no
key themselves and stay out of the API schema (the route-coverage test checks every schema route for 401/403).
Their Content-Security-Policy and the other page headers come from assistant.api.page_security.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from assistant.api.page_security import render_page
from assistant.catalog.ids import Id
from assistant.errors import NotFound

router = APIRouter(include_in_schema=False)
JS, CSS = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
ASSETS = {"host": {"host.js": JS, "host.css": CSS, "live.js": JS},
          "board": {"board.js": JS, "board.css": CSS, "live.js": JS}}


@router.get("/host/{stream_id}", response_class=HTMLResponse)
async def host_page(request: Request, stream_id: Id) -> HTMLResponse:
    return render_page(request, "host/page.html", stream_id=stream_id)


@router.get("/board", response_class=HTMLResponse)
async def board_page(request: Request) -> HTMLResponse:
    return render_page(request, "board/page.html")


@router.get("/ops", response_class=HTMLResponse)
async def console(request: Request) -> HTMLResponse:
    return render_page(request, "ops/console.html")


@router.get("/v1/streams/{stream_id}/report.html", response_class=HTMLResponse)
async def report_page(request: Request, stream_id: Id) -> HTMLResponse:
    return render_page(request, "report/page.html", stream_id=stream_id)


@router.get("/host-assets/{name}")
async def host_asset(name: str) -> Response:
    return _asset("host", name)


@router.get("/board-assets/{name}")
async def board_asset(name: str) -> Response:
    return _asset("board", name)


def _asset(page: str, name: str) -> Response:
    if name not in ASSETS[page]:
        raise NotFound(f"no {page} asset {name}", code="not_found")
    body = (resources.files("assistant") / "static" / name).read_bytes()
    return Response(body, media_type=ASSETS[page][name],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
