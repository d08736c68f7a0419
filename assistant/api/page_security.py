"""Every page the service serves (host screen, ops console, report, and any page added later) gets one
Content-Security-Policy and the same hardening headers, from one ASGI middleware.

The policy allows scripts and styles only from this origin or carrying the request's nonce, fetches only to
this origin, no plugins, no framing, no base or form tricks. So even text that slipped through escaping
cannot run script, load an off-site image or post a form. Pages render with :func:`render_page`, which hands
the template ``csp_nonce`` for its inline ``<script nonce=...>`` and ``<style nonce=...>``.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import prompts

CSP = ("default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
       "connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'; object-src 'none'")
# The pages keep an API key in localStorage and the URL fragment: no referrer, no caching, no sniffing.
PAGE_HEADERS = {"referrer-policy": "no-referrer", "x-content-type-options": "nosniff", "cache-control": "no-store",
                "x-frame-options": "DENY"}


def render_page(request: Request, template: str, /, **context: object) -> HTMLResponse:
    return HTMLResponse(prompts.render(template, csp_nonce=request.state.csp_nonce, **context))


class PageSecurityMiddleware:
    """Adds the policy to every text/html response; the nonce is fresh per request (request.state.csp_nonce)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    present = {k.lower() for k, _ in headers}
                    extra = {"content-security-policy": CSP.format(nonce=nonce), **PAGE_HEADERS}
                    headers += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_policy)
