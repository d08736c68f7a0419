"""X-Request-ID: the caller's echoed (or a new one), and in the JSON log lines of that request."""

from __future__ import annotations

import json
import logging
import re

from assistant.infra.logs import configure_logging
from tests.conftest import auth


def _json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            continue
    return lines


async def test_the_callers_id_is_echoed_and_logged_and_one_is_made_otherwise(client, capfd):
    configure_logging("info", "json")  # again: its handler then writes to this test's captured stderr
    capfd.readouterr()
    mine = await client.get("/v1/products/HD-101/availability", headers={**auth("host"), "X-Request-ID": "shop-42.a"})
    made = await client.get("/healthz")
    hostile = await client.get("/healthz", headers={"X-Request-ID": "x" * 300 + "\n"})
    assert mine.headers["x-request-id"] == "shop-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["x-request-id"])  # not echoed into headers or logs
    logging.getLogger("assistant.test").warning("outside any request")
    lines = _json_lines(capfd.readouterr().err)
    access = {line["request_id"]: line for line in lines if line.get("logger") == "assistant.access"}
    assert access["shop-42.a"]["status"] == 404 and access["shop-42.a"]["route"] == "/v1/products/{product_id}/availability"
    assert access[made.headers["x-request-id"]]["path"] == "/healthz"
    plain = next(line for line in lines if line.get("event") == "outside any request")
    assert plain["level"] == "warning" and "request_id" not in plain and "timestamp" in plain


async def test_a_bug_answers_500_in_the_error_shape_with_the_request_id_in_the_answer_and_the_log(app, capfd):
    import httpx

    async def broken() -> None:
        raise RuntimeError("a bug")

    app.router.add_api_route("/test-only/broken", broken)
    configure_logging("info", "json")
    capfd.readouterr()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        answer = await http.get("/test-only/broken", headers={"X-Request-ID": "bug-7"})

    assert answer.status_code == 500 and answer.headers["x-request-id"] == "bug-7"
    assert answer.json() == {"error": {"code": "internal_error", "message": "internal error; this is a bug"}}
    lines = _json_lines(capfd.readouterr().err)
    [logged] = [line for line in lines if line.get("event") == "unhandled error (a bug)"]
    assert logged["request_id"] == "bug-7" and "RuntimeError" in logged.get("exception", "")
