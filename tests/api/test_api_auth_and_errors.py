"""Every route: 401 without/with a wrong key, 403 with a wrong role, errors in the contract's shape."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from tests.conftest import TEST_KEYS, auth

PUBLIC = {"/healthz"}


def _api_routes(routes):
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers nested
            yield from _api_routes(route.original_router.routes)


def _routes(app):
    for route in _api_routes(app.routes):
        if route.path not in PUBLIC and route.include_in_schema:
            for method in route.methods - {"HEAD", "OPTIONS"}:
                yield method, route


def _allowed(route: APIRoute) -> tuple[str, ...]:
    for dep in route.dependant.dependencies:
        roles = getattr(dep.call, "allowed_roles", None)
        if roles:
            return roles
    raise AssertionError(f"{route.path} has no role check")


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


def _assert_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert re.fullmatch(r"[a-z][a-z0-9_]*", body["error"]["code"])
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


async def test_every_route_refuses_missing_and_wrong_keys(app, client):
    routes = list(_routes(app))
    assert len(routes) >= 10
    for method, route in routes:
        path = _concrete(route.path)
        _assert_error(await client.request(method, path), 401, "missing_api_key")
        _assert_error(await client.request(method, path, headers={"Authorization": "Bearer nope"}), 401, "invalid_api_key")


async def test_every_route_refuses_the_wrong_role(app, client):
    for method, route in _routes(app):
        allowed = _allowed(route)
        for role in TEST_KEYS:
            if role not in allowed:
                response = await client.request(method, _concrete(route.path), headers=auth(role))
                _assert_error(response, 403, "wrong_role")


async def test_healthz_needs_no_key(client):
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in ("status", "redis")} == {"status": "ok", "redis": "ok"}


@pytest.mark.parametrize(
    ("method", "path", "role", "body", "status", "code"),
    [
        ("GET", "/v1/products/NOPE/availability", "host", None, 404, "unknown_product"),
        ("GET", "/v1/skus/NOPE", "ops", None, 404, "unknown_sku"),
        ("POST", "/v1/orders", "integration", {"order_id": "o1"}, 422, "invalid_input"),
        ("POST", "/v1/orders", "integration", {"order_id": "o 1", "channel": "douyin", "buyer_id": "b",
                                               "lines": [{"sku": "HD-101-BLK-L", "qty": 1}]}, 422, "invalid_input"),
        ("POST", "/v1/orders", "integration", {"order_id": "o1", "channel": "douyin", "buyer_id": "b",
                                               "lines": [{"sku": "HD-101-BLK-L", "qty": 0}]}, 422, "invalid_input"),
        ("POST", "/v1/orders", "integration", {"order_id": "o1", "channel": "douyin", "buyer_id": "b",
                                               "lines": [{"sku": "NOPE", "qty": 1}]}, 422, "unknown_sku"),
        ("POST", "/v1/orders/none/cancel", "ops", None, 404, "order_not_found"),
        ("PUT", "/v1/streams/s1/lineup", "host", {"items": [{"link_no": 1, "product_id": "NOPE"}]}, 422, "unknown_product"),
        ("PUT", "/v1/streams/s1/focus", "host", {"product_id": "NOPE"}, 422, "unknown_product"),
        ("POST", "/v1/skus/HD-101-BLK-L/restock", "ops", {"qty": -1}, 422, "invalid_input"),
        ("GET", "/v1/nowhere", "ops", None, 404, "not_found"),
    ],
)
async def test_bad_input_gets_a_named_4xx(loaded, method, path, role, body, status, code):
    response = await loaded.request(method, path, json=body, headers=auth(role))
    _assert_error(response, status, code)


async def test_malformed_json_is_a_422(loaded):
    response = await loaded.post("/v1/orders", content=b"{not json", headers={**auth("integration"),
                                                                               "content-type": "application/json"})
    _assert_error(response, 422, "invalid_json")


async def test_validation_message_names_the_field(loaded):
    body = {"order_id": "o1", "channel": "douyin", "buyer_id": "b", "lines": [{"sku": "HD-101-BLK-L", "qty": 0}]}
    response = await loaded.post("/v1/orders", json=body, headers=auth("integration"))
    assert "lines[0].qty" in response.json()["error"]["message"]
