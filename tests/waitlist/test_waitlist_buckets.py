"""The notice watcher follows every ledger bucket: stock coming back in any bucket tells the waiting viewers."""

from __future__ import annotations

import json
from typing import Any

from assistant.ledger import keys
from tests.conftest import SAMPLE_DATA, auth
from tests.support.waiting import eventually
from tests.waitlist.support import STREAM, comment, focus, restock, running, sell_out

BUCKETS = 4
# The sample's hoodie renamed: with 4 buckets HD-105 is in bucket 3 (crc32 % 4), never the first stream's.
HOODIE = "HD-105"
BLACK_L = f"{HOODIE}-BLK-L"


def _renamed(name: str) -> Any:
    return json.loads((SAMPLE_DATA / name).read_text().replace("HD-101", HOODIE))


async def _notices(client: Any) -> list[dict[str, Any]]:
    answer = await client.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host"))
    assert answer.status_code == 200, answer.text
    return answer.json()["notices"]


async def test_a_restock_in_the_fourth_bucket_notifies_the_waiting_viewers(settings, redis, clock) -> None:
    assert keys.bucket_for(HOODIE, BUCKETS) == 3
    bucketed = settings.model_copy(update={"ledger_buckets": BUCKETS})
    async with running(bucketed, clock) as (app, client):
        assert (await client.put("/v1/catalog", json=_renamed("sample-catalog.json"),
                                 headers=auth("admin"))).status_code == 200
        lineup = {"items": _renamed("sample-lineup.json")["items"]}
        assert (await client.put(f"/v1/streams/{STREAM}/lineup", json=lineup, headers=auth("host"))).status_code == 200
        assert await app.state.services.ledger.placement.bucket(BLACK_L) == 3
        await focus(client, HOODIE)
        await sell_out(client, BLACK_L)
        await comment(client, ("c1", "u1", "黑色L还有吗"), ("c2", "u2", "蹲一个黑色L"))
        # Bucket 0's master runs a minute ahead (as a Cluster node's clock may): its stream's ids are later than
        # anything bucket 3 writes next. One cursor for all buckets would pass over bucket 3's restock.
        seconds, _ = await redis.time()
        await redis.xadd(keys.movements(0), {"type": "note", "ts": str(int(clock()))}, id=f"{(seconds + 60) * 1000}-0")
        await app.state.services.waitlist.catch_up()
        await restock(client, 12, BLACK_L)
        # No catch-up call: the running watcher wakes on the fourth bucket's stream by itself.
        await eventually(lambda: _has_notice(client), "a back-in-stock notice for the bucket-3 variant")
        [notice] = await _notices(client)
        assert notice["sku"] == BLACK_L and sorted(v["user_id"] for v in notice["viewers"]) == ["u1", "u2"]
        assert await app.state.services.waitlist.catch_up() == 0  # handled once, nothing left behind


async def _has_notice(client: Any) -> bool:
    return bool(await _notices(client))
