"""Every page carries one Content-Security-Policy with a fresh nonce, and its inline code carries that nonce."""

from __future__ import annotations

import re

import pytest

PAGES = ["/ops", "/host/demo-live", "/v1/streams/demo-live/report.html", "/board"]


def _nonce(policy: str) -> str:
    found = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    assert found, policy
    return found.group(1)


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_sends_the_policy(client, path: str) -> None:
    first, second = await client.get(path), await client.get(path)
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
    policy = first.headers["content-security-policy"]
    for directive in ("default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'",
                      "form-action 'none'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert _nonce(policy) != _nonce(second.headers["content-security-policy"])  # fresh per request
    assert first.headers["referrer-policy"] == "no-referrer" and first.headers["x-content-type-options"] == "nosniff"
    inline = re.findall(r"<(script|style)([^>]*)>", first.text)
    for tag, attributes in inline:
        assert "src=" in attributes or f'nonce="{_nonce(policy)}"' in attributes, (tag, attributes)


async def test_api_answers_are_not_pages(client) -> None:
    health = await client.get("/healthz")
    assert "content-security-policy" not in health.headers
