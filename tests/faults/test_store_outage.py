"""Redis unreachable, then back: 503 store_unavailable with Retry-After on a connection that stays open, and the
service recovers by itself (no restart) once Redis is back — an external server and the embedded one alike."""

from __future__ import annotations

import json
import socket

import pytest

from assistant.config import Settings
from tests.conftest import SAMPLE_DATA, auth
from tests.faults.conftest import ExternalRedis, eventually
from tests.ops.live_server import LiveServer

SKU = "HD-101-BLK-L"
AVAILABILITY = "/v1/products/HD-101/availability"


@pytest.fixture
def fault_settings(fault_settings):
    return {**fault_settings, "redis_retry_budget_s": 0.5}  # give up quickly while Redis is down


def _assert_store_unavailable(answer) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.json()["error"]["code"] == "store_unavailable" and answer.json()["error"]["message"]
    assert int(answer.headers["Retry-After"]) > 0


async def test_redis_down_answers_503_store_unavailable_and_recovers_without_a_restart(
    loaded, external: ExternalRedis
) -> None:
    before = (await loaded.get(AVAILABILITY, headers=auth("host"))).json()
    failures_before = await _redis_failures_counted(loaded)
    external.kill()

    _assert_store_unavailable(await loaded.get(AVAILABILITY, headers=auth("host")))
    write = await loaded.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))
    _assert_store_unavailable(write)
    assert write.json()["error"]["details"]["op_id"], "a write names its op id, to be sent again with it"
    comments = {"comments": [{"id": "c1", "user_id": "u1", "text": "黑色L码还有吗"}]}
    _assert_store_unavailable(await loaded.post("/v1/streams/demo-live/comments", json=comments,
                                                headers=auth("integration")))
    health = await loaded.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    assert health.json()["redis"].startswith("unreachable")

    external.start_again()  # same port, same AOF
    await eventually(lambda: _healthy(loaded), "the service to reach Redis again")
    assert (await loaded.get(AVAILABILITY, headers=auth("host"))).json() == before, "the AOF kept every count"
    assert (await loaded.post(f"/v1/skus/{SKU}/restock", json={"qty": 5}, headers=auth("ops"))).status_code == 200
    assert await _redis_failures_counted(loaded) >= failures_before + 3, "each 503 is counted in /metrics"


async def _redis_failures_counted(client) -> float:
    text = (await client.get("/metrics", headers=auth("admin"))).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("sa_redis_errors_total{"))


async def _healthy(client) -> bool:
    return (await client.get("/healthz")).status_code == 200


def test_a_503_keeps_the_connection_open_for_the_next_request(settings: Settings, external: ExternalRedis) -> None:
    from assistant.main import create_app

    with LiveServer(create_app(settings)) as server:
        port = int(server.url.rsplit(":", 1)[1])
        external.kill()
        with socket.create_connection(("127.0.0.1", port)) as conn:
            reader = conn.makefile("rb")
            for _ in range(2):  # the same connection, twice
                conn.sendall(f"GET /v1/skus/{SKU} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer "
                             f"{auth('host')['Authorization'].split()[1]}\r\n\r\n".encode())
                status, headers, body = _read_response(reader)
                assert status == 503 and headers.get("connection") != "close"
                assert json.loads(body)["error"]["code"] == "store_unavailable" and "retry-after" in headers


def _read_response(reader) -> tuple[int, dict[str, str], bytes]:
    status = int(reader.readline().split()[1])
    headers: dict[str, str] = {}
    while (line := reader.readline().decode().strip()):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, reader.read(int(headers["content-length"]))


@pytest.fixture
def embedded_settings(tmp_path) -> Settings:
    from tests.conftest import TEST_KEYS

    return Settings(data_dir=tmp_path / "embedded", redis_socket_timeout_s=2.0, redis_retry_budget_s=0.5,
                    api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))


async def test_a_killed_embedded_redis_is_restarted_from_its_aof_without_restarting_the_service(
    embedded_settings: Settings,
) -> None:
    import httpx

    from assistant.main import create_app

    app = create_app(embedded_settings)
    catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        # This test is about restarting from the AOF, not its everysec window: on a busy machine Redis may postpone
        # an AOF write behind a slow fsync while it already answered, and the kill would lose the order.
        await app.state.services.redis.config_set("appendfsync", "always")
        assert (await client.put("/v1/catalog", json=catalog, headers=auth("admin"))).status_code == 200
        order = {"order_id": "o-1", "channel": "douyin", "buyer_id": "b1", "lines": [{"sku": SKU, "qty": 3}]}
        assert (await client.post("/v1/orders", json=order, headers=auth("integration"))).status_code == 201
        before = (await client.get(AVAILABILITY, headers=auth("host"))).json()
        embedded = app.state.services.embedded_redis
        first_pid = embedded.pid
        embedded.kill()  # SIGKILL, as a crash would

        await eventually(lambda: _healthy(client), "the supervisor to start Redis again")
        health = (await client.get("/healthz")).json()
        assert health["embedded_redis"]["restarts"] == 1 and health["embedded_redis"]["pid"] != first_pid
        assert (await client.get(AVAILABILITY, headers=auth("host"))).json() == before
        again = await client.post("/v1/orders", json=order, headers=auth("integration"))
        assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true", "the order survived"
