"""A confirmed restock proposal moves stock once, even when the request that claimed it died half-way."""

from __future__ import annotations

from tests.ops.ops_support import as_ops, identity


async def test_a_confirmation_after_the_claimer_died_finishes_the_job_without_restocking_twice(loaded, app) -> None:
    before = (await loaded.get("/v1/skus/HD-101-GRY-M", headers=as_ops())).json()["counters"]["restocked"]
    answer = (await loaded.post("/v1/ops/ask", json={"question": "把灰色M补货50件"}, headers=as_ops())).json()
    token = answer["proposals"][0]["token"]
    svc = app.state.services
    # The claimer got as far as the ledger write, then its process died: claimed, applied, no outcome stored.
    await svc.redis.hset(f"sa:ops:proposal:{token}", "claimed_by", "a-request-that-died")
    await svc.ledger.restock("HD-101-GRY-M", 50, identity(), f"ops proposal {token}", op_id=f"proposal:{token}")

    confirmed = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "applied"
    again = await loaded.post("/v1/ops/confirm", json={"token": token}, headers=as_ops())
    assert again.json()["already_confirmed"] is True
    after = (await loaded.get("/v1/skus/HD-101-GRY-M", headers=as_ops())).json()["counters"]["restocked"]
    assert after == before + 50
