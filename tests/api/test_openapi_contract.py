"""The API's own description is one an integrator can build on: typed answers, real error shapes, security,
enums, descriptions and examples, and docs pages that load with no network."""

from __future__ import annotations

import re

import pytest

from assistant.api.schemas.comments import CommentAction, CommentReason
from tests.conftest import auth

ERROR_STATUSES = {"400", "401", "403", "404", "409", "413", "422", "429", "502", "503", "504"}


@pytest.fixture
async def spec(client) -> dict:
    answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def _operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


async def test_every_operation_has_a_typed_success_answer_a_description_and_its_roles(spec):
    operations = dict(_operations(spec))
    assert len(operations) >= 31
    for name, operation in operations.items():
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert success, f"{name}: no success response"
        content = operation["responses"][success[0]].get("content", {})
        schema = next(iter(content.values()), {}).get("schema")
        assert schema, f"{name}: no schema for {success[0]}"
        resolved = _resolve(spec, schema)
        # {"additionalProp1": {}} in Swagger: an untyped dict; a typed answer names its properties.
        typed = resolved.get("properties") or resolved.get("items") or resolved.get("type") == "string"
        assert typed, f"{name}: untyped {resolved}"
        assert len(operation.get("description", "")) > 20, f"{name}: no description"
        if not name.endswith("/healthz"):
            assert operation.get("security") == [{"ApiKey": []}], f"{name}: security not declared"
            assert operation.get("x-roles"), name


async def test_every_documented_error_is_the_real_error_shape_with_an_example(spec):
    error_shape = spec["components"]["schemas"]["ErrorResponse"]
    assert error_shape["required"] == ["error"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # FastAPI's detail[] is not what we send
    for name, operation in _operations(spec):
        documented = set(operation["responses"]) & ERROR_STATUSES
        if not name.endswith("/healthz"):
            assert {"401", "403", "422"} <= documented or name == "GET /metrics", f"{name}: {documented}"
        for status in documented - ({"503"} if name.endswith("/healthz") else set()):
            body = operation["responses"][status]["content"]["application/json"]
            assert body["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}, f"{name} {status}"
            assert re.fullmatch(r"[a-z][a-z0-9_]*", body["example"]["error"]["code"]), f"{name} {status}"


async def test_bearer_scheme_is_declared(spec):
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["ApiKey"]["description"]}


async def test_comment_vocabularies_are_enums(spec):
    result = spec["components"]["schemas"]["CommentResult"]["properties"]
    action = _resolve(spec, result["action"])
    assert set(action["enum"]) == {a.value for a in CommentAction} == {"reply", "clarify", "skip"}
    reasons = [_resolve(spec, s) for s in result["reason"]["anyOf"]]
    enum = next(r["enum"] for r in reasons if "enum" in r)
    assert set(enum) == {r.value for r in CommentReason} and "reply_budget" in enum
    assert {r.get("pattern") for r in reasons} >= {"^merged_into:.+$", "^guard:.+$"}


async def test_request_bodies_carry_examples(spec):
    for path in ("/v1/orders", "/v1/streams/{stream_id}/comments"):
        body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert body.get("example"), path


async def test_the_documented_422_is_what_the_api_answers(client):
    answer = await client.post("/v1/orders", json={"order_id": "o-1", "lines": []}, headers=auth("integration"))
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) == {"error"} and body["error"]["code"] == "invalid_input"
    assert {"field", "message"} <= set(body["error"]["details"]["problems"][0])


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_load_only_local_assets(client, page):
    html = (await client.get(page)).text
    remote = re.findall(r"""(?:src|href)=["']?(https?:)?//""", html) + re.findall(r"https?://[^\s\"'<>]+", html)
    assert not remote, remote
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset
