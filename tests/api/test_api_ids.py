"""One id shape everywhere: a bad id in a path, a query or a body is a 422 naming it (never a 404 or a key in
Redis), and the OpenAPI document states the same short pattern for every one of them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from assistant.catalog.ids import ID_PATTERN, Id
from tests.conftest import TEST_KEYS, auth

SKU = "HD-101-BLK-L"
# Not ids: only dots (".." also as percent-encoding, which the server decodes), too long, a space, a character
# outside the set (Chinese, '~', '@'). (An encoded slash is decoded before routing: another route, or none.)
BAD_IDS = ["...", "%2E%2E", "x" * 65, "a%20b", "%E9%BB%91", "a~b", "@x"]


class _Holder(BaseModel):
    value: Id


@pytest.mark.parametrize("good", ["HD-101-BLK-L", "demo-live", ".hidden", "..a", "a..b", "v1.2", "_", "x" * 64, "o-1"])
def test_an_id_may_hold_dots_and_dashes_but_not_only_dots(good) -> None:
    assert _Holder(value=good).value == good


@pytest.mark.parametrize("bad", ["", ".", "..", "....", "x" * 65, "a b", "a/b", "黑色", "a\nb", "a:b"])
def test_these_are_not_ids(bad) -> None:
    with pytest.raises(ValidationError):
        _Holder(value=bad)


async def _spec(client) -> dict[str, Any]:
    return (await client.get("/openapi.json")).json()


def _id_params(spec: dict[str, Any]):
    """(method, path, path parameter names, the roles that may call it) of every operation with an id in its path."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            names = [p["name"] for p in operation.get("parameters", [])
                     if p["in"] == "path" and p["schema"].get("pattern") == ID_PATTERN]
            if names:
                yield method.upper(), path, names, operation.get("x-roles", [])


async def test_every_id_in_a_path_or_query_has_the_one_short_pattern(client) -> None:
    spec = await _spec(client)
    ids = 0
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["name"].endswith("_id") or parameter["name"] in ("sku", "warehouse"):
                    options = schema.get("anyOf", [schema])
                    shown = [o for o in options if o.get("type") == "string"]
                    assert shown and all(o.get("pattern") == ID_PATTERN and o.get("maxLength") == 64 for o in shown), \
                        (parameter, operation["operationId"])
                    ids += 1
    assert ids >= 40
    # No pattern in the whole document is a wall of text (the old id pattern was ~3 KB in each place).
    longest = max(len(p) for p in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', json.dumps(spec)))
    assert longest < 80


async def test_a_bad_id_in_any_path_is_a_422_naming_the_parameter(loaded) -> None:
    spec = await _spec(loaded)
    checked = 0
    for method, path, names, roles in _id_params(spec):
        key = auth(roles[0]) if roles else {}
        for name in names:
            for bad in BAD_IDS:
                url = path
                for other in names:
                    url = url.replace("{" + other + "}", bad if other == name else "demo-live")
                answer = await loaded.request(method, url, headers=key, json={} if method in ("POST", "PUT") else None)
                assert answer.status_code == 422, (method, url, answer.status_code, answer.text)
                error = answer.json()["error"]
                assert error["code"] == "invalid_input", (method, url, error)
                fields = [p["field"] for p in error["details"]["problems"]]
                assert f"path.{name}" in fields, (method, url, error)
                checked += 1
    assert checked >= 30 * len(BAD_IDS)


async def test_the_message_says_what_an_id_is_not_the_regex(loaded) -> None:
    answer = await loaded.post("/v1/skus/.../restock", json={"qty": 5}, headers=auth("ops"))
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert message.startswith("path.sku:") and "not only dots" in message and "[A-Za-z" not in message


async def test_a_well_formed_id_that_does_not_exist_is_still_a_404(loaded) -> None:
    assert (await loaded.get("/v1/skus/NO-SUCH-SKU", headers=auth("ops"))).status_code == 404
    answer = await loaded.post("/v1/orders/no-such-order/cancel", json={}, headers=auth("ops"))
    assert answer.status_code == 404, answer.text


@pytest.mark.parametrize("role", sorted(TEST_KEYS))
async def test_a_bad_id_in_a_body_or_query_names_its_field(loaded, role) -> None:
    order = {"order_id": "a b", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": "黑色", "qty": 1}]}
    answer = await loaded.post("/v1/orders", json=order, headers=auth("ops"))
    fields = {p["field"] for p in answer.json()["error"]["details"]["problems"]}
    assert answer.status_code == 422 and {"order_id", "lines[0].sku"} <= fields, answer.text
    query = await loaded.get("/v1/products/HD-101/availability?region=...", headers=auth(role))
    assert query.status_code == 422 and query.json()["error"]["details"]["problems"][0]["field"] == "query.region"
