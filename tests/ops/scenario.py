"""A scripted live session on the sample catalog, played through the HTTP API with the manual clock.

Minute offsets are from the catalog load. Window edges (the questions use the last 30 and 60 minutes
at minute 90) fall between events, so every windowed figure is unambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.ops.sending import send

STREAM = "demo-live"
NOW_MINUTE = 90

# (minute, order_id, sku, qty)
SALES: list[tuple[int, str, str, int]] = [
    (5, "o-01", "HD-101-BLK-L", 3), (8, "o-02", "MK-601", 100), (10, "o-03", "HD-101-GRY-M", 2),
    (12, "o-04", "LP-501-999", 20), (15, "o-05", "HD-101-APR-XL", 4), (20, "o-06", "HD-101-BLK-L", 2),
    (25, "o-07", "HD-102-BLK-L", 10), (31, "o-08", "HD-101-BLK-2XL", 3), (35, "o-09", "JN-301-BLK-28", 5),
    (40, "o-10", "DR-201-RED-M", 8), (45, "o-11", "DR-201-BLU-XS", 6), (50, "o-12", "DR-201-RED-M", 3),
    (51, "o-13", "DJ-701-PNK-XL", 2), (55, "o-14", "SN-401-WHT-38", 2), (65, "o-15", "HD-101-GRY-M", 3),
    (68, "o-16", "MK-601", 150), (70, "o-17", "HD-101-BLK-L", 5), (72, "o-18", "LP-501-999", 25),
    (75, "o-19", "HD-101-APR-XL", 5), (78, "o-20", "JN-301-BLK-28", 4), (80, "o-21", "HD-101-BLK-L", 4),
    (82, "o-22", "DR-201-RED-M", 7), (85, "o-23", "HD-102-BLK-L", 6), (88, "o-24", "LP-501-999", 15),
]
CANCELS: list[tuple[int, str]] = [(58, "o-12")]  # DR-201-RED-M x3 back
RESTOCKS: list[tuple[int, str, int]] = [(62, "HD-101-GRY-M", 30)]
CORRECTIONS: list[tuple[int, str, int]] = [(63, "DR-202-KHK-L", 8)]  # stock 10 -> 8
HOLDS: list[tuple[int, str, str, int, int]] = [(47, "h-01", "HD-101-BLK-M", 2, 300)]  # expires at minute 52
INCOMING: list[tuple[int, str, str, int, int]] = [(64, "HD-101-APR-XL", "SHIP-7", 20, 180)]  # eta minute 180


@dataclass
class Played:
    start_ms: float
    events: list[tuple[int, str, Any]] = field(default_factory=list)


async def play(client: Any, clock: Any) -> Played:
    """Plays the session in time order and leaves the clock at NOW_MINUTE."""
    start = clock.now_ms
    timeline: list[tuple[int, str, Any]] = [(m, "sale", (o, "douyin", STREAM, s, q)) for m, o, s, q in SALES]
    timeline += [(m, "cancel", o) for m, o in CANCELS]
    timeline += [(m, "restock", (s, q)) for m, s, q in RESTOCKS]
    timeline += [(m, "correct", (s, q)) for m, s, q in CORRECTIONS]
    timeline += [(m, "hold", (h, STREAM, s, q, ttl)) for m, h, s, q, ttl in HOLDS]
    timeline += [(m, "incoming", (s, ship, q, eta)) for m, s, ship, q, eta in INCOMING]
    timeline.sort(key=lambda e: e[0])
    for minute, kind, data in timeline:
        clock.now_ms = start + minute * 60_000
        response = await send(client, kind, data, start)
        assert response.status_code in (200, 201), (kind, data, response.text)
    clock.now_ms = start + NOW_MINUTE * 60_000
    return Played(start, timeline)
