"""Ops pack pre-packed kits from their components and unpack unsold ones over HTTP (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import auth
from tests.ledger.test_ledger_kits import KIT_SHOP


@pytest.fixture
async def shop(client):
    answer = await client.put("/v1/catalog", json=KIT_SHOP, headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    return client


async def sellable(client: Any, product: str, sku: str) -> int:
    body = (await client.get(f"/v1/products/{product}/availability", headers=auth("host"))).json()
    return next(v["sellable"] for v in body["variants"] if v["sku"] == sku)


async def test_ops_pack_kits_once_per_key_and_unpack_them(shop) -> None:
    key = {**auth("ops"), "Idempotency-Key": "pack-20-sh"}
    packed = await shop.post("/v1/skus/KIT-1/pack", json={"qty": 4, "warehouse": "SH"}, headers=key)
    assert packed.status_code == 200, packed.text
    body = packed.json()
    assert (body["action"], body["qty"], body["warehouse"], body["sellable"]) == ("pack", 4, "SH", 5)
    assert {c["sku"]: (c["qty"], c["sellable"]) for c in body["components"]} == {"CL-1": (4, 9), "SM-1": (8, 10)}
    again = await shop.post("/v1/skus/KIT-1/pack", json={"qty": 4, "warehouse": "SH"}, headers=key)
    assert again.json() == body and again.headers.get("Idempotent-Replayed") == "true"
    assert (await sellable(shop, "KIT", "KIT-1"), await sellable(shop, "CL", "CL-1")) == (5, 9)
    unpacked = await shop.post("/v1/skus/KIT-1/unpack", json={"qty": 5}, headers=auth("ops"))
    assert unpacked.status_code == 200 and unpacked.json()["sellable"] == 0
    assert (await sellable(shop, "CL", "CL-1"), await sellable(shop, "SM", "SM-1")) == (14, 20)
    moves = (await shop.get("/v1/skus/CL-1/movements", headers=auth("ops"))).json()["movements"]
    assert [(m["type"], m["qty"], m["ref"]) for m in moves if m["type"] in ("pack", "unpack")] == [
        ("unpack", "5", "KIT-1"), ("pack", "-4", "KIT-1")]


@pytest.mark.parametrize(("path", "body", "status", "code"), [
    ("/v1/skus/KIT-1/pack", {"qty": 4, "warehouse": "GZ"}, 409, "insufficient_stock"),  # GZ: 3 cleansers
    ("/v1/skus/KIT-1/pack", {"qty": 0}, 422, "invalid_input"),
    ("/v1/skus/KIT-1/pack", {"qty": 1, "warehouse": "BJ"}, 404, "unknown_warehouse"),
    ("/v1/skus/CL-1/pack", {"qty": 1}, 404, "unknown_bundle"),
    ("/v1/skus/KIT-1/unpack", {"qty": 2}, 409, "insufficient_stock"),  # 1 kit
])
async def test_a_bad_pack_or_unpack_is_refused_in_the_contracts_shape(shop, path: str, body: dict, status: int,
                                                                     code: str) -> None:
    answer = await shop.post(path, json=body, headers=auth("ops"))
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code and error["message"]
    assert (await sellable(shop, "KIT", "KIT-1"), await sellable(shop, "CL", "CL-1")) == (1, 13)


async def test_only_ops_pack(shop) -> None:
    answer = await shop.post("/v1/skus/KIT-1/pack", json={"qty": 1}, headers=auth("host"))
    assert answer.status_code == 403
