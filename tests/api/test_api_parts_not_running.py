"""A server where a part is not running (a one-part worker, a part that failed to start) says so: 503 with the
part's code, the same for every part, never a 500 and never a 409 that blames the caller's request."""

from __future__ import annotations

import pytest

from tests.conftest import auth

STREAM = "room-1"


@pytest.mark.parametrize(("part", "method", "path", "role"), [
    ("demand", "GET", f"/v1/streams/{STREAM}/demand", "host"),
    ("alerts", "GET", f"/v1/streams/{STREAM}/cards", "host"),
    ("comments", "POST", f"/v1/streams/{STREAM}/comments", "integration"),
])
async def test_a_part_that_is_not_running_answers_503_naming_it(app, client, part, method, path, role):
    svc = app.state.services
    running = getattr(svc, part)
    setattr(svc, part, None)
    try:
        body = {"comments": [{"id": "c1", "user": "u1", "text": "黑色L有吗", "ts": 1}]} if method == "POST" else None
        answer = await client.request(method, path, json=body, headers=auth(role))
    finally:
        setattr(svc, part, running)
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == f"{part}_unavailable"
    assert part in answer.json()["error"]["message"]
