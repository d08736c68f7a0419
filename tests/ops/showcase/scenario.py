"""A second scripted live session, on a catalog the engine was not written for (tests/ops/showcase/catalog.json).

Two live rooms, three channels, cancellations, refused orders, a restock, a count correction, a live
hold, shipments on the way and policies already set. Minute offsets are from the catalog load; NOW is
minute 120 and no event sits on a window edge (minute 60, 90, 105, 110), so windowed figures are exact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import auth
from tests.ops.sending import send

HERE = Path(__file__).parent
CATALOG = json.loads((HERE / "catalog.json").read_text(encoding="utf-8"))
LINEUPS: dict[str, list[dict[str, Any]]] = json.loads((HERE / "lineups.json").read_text(encoding="utf-8"))
MAIN, SECOND = "live-main", "live-second"
NOW_MINUTE = 120

# (minute, order_id, channel, room, sku, qty)
SALES: list[tuple[int, str, str, str, str, int]] = [
    (3, "m-01", "douyin", MAIN, "TS-11-BLK-M", 5), (6, "m-02", "kuaishou", MAIN, "TS-11-WHT-L", 4),
    (9, "m-03", "douyin", MAIN, "FL-21-GRY-M", 2), (14, "m-04", "taobao", MAIN, "SC-31-GRY", 3),
    (18, "m-05", "douyin", MAIN, "TS-11-BLK-L", 6), (22, "m-06", "douyin", MAIN, "TS-11-WHT-M", 7),
    (27, "m-07", "kuaishou", MAIN, "FL-21-NVY-L", 3), (33, "m-08", "douyin", MAIN, "CP-41-BLK", 1),
    (38, "m-09", "kuaishou", MAIN, "TS-11-WHT-L", 5), (44, "m-10", "douyin", MAIN, "SC-31-RED", 4),
    (52, "m-11", "douyin", MAIN, "TS-11-BLK-M", 8), (57, "m-12", "taobao", MAIN, "FL-21-GRY-L", 2),
    (64, "m-13", "douyin", MAIN, "TS-11-WHT-L", 3), (68, "m-14", "kuaishou", MAIN, "FL-21-NVY-L", 4),
    (73, "m-15", "douyin", MAIN, "TS-11-BLK-M", 9), (77, "m-16", "taobao", MAIN, "SC-31-CML", 2),
    (83, "m-17", "douyin", MAIN, "TS-11-WHT-M", 6), (86, "m-18", "kuaishou", MAIN, "FL-21-GRY-M", 3),
    (93, "m-19", "douyin", MAIN, "TS-11-BLK-M", 7), (97, "m-20", "kuaishou", MAIN, "TS-11-WHT-M", 5),
    (101, "m-21", "douyin", MAIN, "FL-21-GRY-M", 4), (104, "m-22", "taobao", MAIN, "SC-31-GRY", 2),
    (108, "m-23", "douyin", MAIN, "TS-11-BLK-L", 4), (112, "m-24", "kuaishou", MAIN, "TS-11-BLK-M", 6),
    (115, "m-25", "douyin", MAIN, "SC-31-RED", 3), (117, "m-26", "douyin", MAIN, "FL-21-GRY-M", 2),
    (10, "s-01", "douyin", SECOND, "SK-51", 20), (25, "s-02", "kuaishou", SECOND, "SK-51", 30),
    (40, "s-03", "douyin", SECOND, "GL-71-BLK-M", 3), (55, "s-04", "douyin", SECOND, "TS-11-BLK-S", 4),
    (70, "s-05", "kuaishou", SECOND, "SK-51", 25), (95, "s-06", "douyin", SECOND, "SK-51", 15),
    (113, "s-07", "kuaishou", SECOND, "GL-71-BLK-L", 2),
]
REFUSED: list[tuple[int, str, str, str, str, int]] = [  # the ledger answers 409: sold out / not enough left
    (66, "m-x1", "douyin", MAIN, "TS-11-WHT-L", 2), (99, "m-x2", "kuaishou", MAIN, "FL-21-NVY-L", 3),
]
CANCELS: list[tuple[int, str]] = [(80, "m-11"), (100, "s-05")]
RESTOCKS: list[tuple[int, str, int]] = [(75, "FL-21-GRY-M", 10)]
CORRECTIONS: list[tuple[int, str, int]] = [(62, "CP-41-BEI", 27)]
HOLDS: list[tuple[int, str, str, str, int, int]] = [(118, "h-01", MAIN, "FL-21-NVY-L", 1, 600)]  # live at NOW
INCOMING: list[tuple[int, str, str, int, int]] = [(65, "TS-11-WHT-L", "SHIP-41", 30, 240),
                                                  (70, "FL-21-NVY-L", "SHIP-42", 12, 300)]
TRAFFIC_SKUS = [v["sku"] for p in CATALOG["products"] if p.get("role") == "traffic" for v in p["variants"]]
# (minute, sku, policy, value, scope). At minute 0 the team lifts the traffic items' default limits for this show.
POLICIES: list[tuple[int, str, str, int | None, str]] = [
    *[(0, sku, "buyer_limit", 0, "") for sku in TRAFFIC_SKUS], *[(0, sku, "flash_cap", None, "*") for sku in TRAFFIC_SKUS],
    (1, "TS-11-BLK-S", "buyer_limit", 5, ""), (1, "SC-31-RED", "flash_cap", 20, f"stream:{MAIN}")]


async def load(client: Any) -> None:
    assert (await client.put("/v1/catalog", json=CATALOG, headers=auth("admin"))).status_code == 200
    for room, items in LINEUPS.items():
        answer = await client.put(f"/v1/streams/{room}/lineup", json={"items": items}, headers=auth("host"))
        assert answer.status_code == 200, answer.text


async def play(client: Any, clock: Any) -> float:
    """Loads the catalog and lineups, plays the session in time order, leaves the clock at NOW; returns start."""
    start = clock.now_ms
    await load(client)
    timeline: list[tuple[int, str, Any]] = [(m, "sale", rest) for m, *rest in SALES]
    timeline += [(m, "refused", rest) for m, *rest in REFUSED]
    timeline += [(m, "cancel", o) for m, o in CANCELS]
    timeline += [(m, "restock", (s, q)) for m, s, q in RESTOCKS]
    timeline += [(m, "correct", (s, q)) for m, s, q in CORRECTIONS]
    timeline += [(m, "hold", rest) for m, *rest in HOLDS]
    timeline += [(m, "incoming", rest) for m, *rest in INCOMING]
    timeline += [(m, "policy", rest) for m, *rest in POLICIES]
    timeline.sort(key=lambda e: e[0])
    for minute, kind, data in timeline:
        clock.now_ms = start + minute * 60_000
        response = await send(client, kind, data, start)
        wanted = (409,) if kind == "refused" else (200, 201)
        assert response.status_code in wanted, (kind, data, response.text)
    clock.now_ms = start + NOW_MINUTE * 60_000
    return start
