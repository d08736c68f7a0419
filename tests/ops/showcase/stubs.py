"""Fixed demand and card sources for the showcase questions (their real domains have their own tests)."""

from __future__ import annotations

from typing import Any

from assistant.alerts.card import Card
from tests.ops.showcase import scenario as sc
from tests.ops.stubs import stub_card

_TEE = {"product_id": "TS-11", "name": "纯棉圆领T恤", "name_en": "Cotton crew tee"}
_FLEECE = {"product_id": "FL-21", "name": "摇粒绒外套", "name_en": "Polar fleece jacket"}
DEMAND: dict[str, list[dict[str, Any]]] = {
    sc.MAIN: [
        {**_TEE, "colour": "white", "size": "L", "asks": 33, "askers": 21, "unmet_asks": 18, "sales": 12,
         "flags": [{"kind": "unmet", "restock_estimate": 10}]},
        {**_FLEECE, "colour": "navy", "size": "L", "asks": 14, "askers": 11, "unmet_asks": 6, "sales": 7,
         "flags": [{"kind": "unmet", "restock_estimate": 4}]},
        {"product_id": "SC-31", "name": "羊绒围巾", "name_en": "Cashmere scarf", "colour": "red", "size": None,
         "asks": 7, "askers": 6, "unmet_asks": 0, "sales": 7, "flags": [{"kind": "frequent", "restock_estimate": None}]},
        {**_FLEECE, "colour": "grey", "size": "M", "asks": 5, "askers": 5, "unmet_asks": 0, "sales": 11, "flags": []},
    ],
    sc.SECOND: [{"product_id": "SK-51", "name": "加绒袜子三双装", "name_en": "Thermal socks 3-pack", "colour": None,
                 "size": None, "asks": 12, "askers": 10, "unmet_asks": 0, "sales": 65, "flags": []}],
}
DEMAND_10_MIN = [{**_TEE, "colour": "white", "size": "L", "asks": 8, "askers": 6, "unmet_asks": 8, "sales": 0, "flags": []}]


class ShowcaseDemand:
    async def top(self, stream_id: str, window_s: int | None = None, flagged_only: bool = False,
                  limit: int = 20) -> list[dict[str, Any]]:
        items = DEMAND_10_MIN if window_s == 600 and stream_id == sc.MAIN else DEMAND.get(stream_id, [])
        return [i for i in items if i["flags"] or not flagged_only][:limit]


class _Cards:
    async def list_cards(self, stream_id: str, *, limit: int = 50) -> list[Card]:
        if stream_id != sc.MAIN:
            return []
        return [
            stub_card(**{"id": "c-1", "product_id": "TS-11", "name_zh": "纯棉圆领T恤", "name_en": "Cotton crew tee",
             "level": "sold_out", "line_zh": "白色L卖完了，推荐白色M", "line_en": "White L is gone; offer white M",
             "acknowledged": False}),
            stub_card(**{"id": "c-2", "product_id": "FL-21", "name_zh": "摇粒绒外套", "name_en": "Polar fleece jacket",
             "level": "low", "line_zh": "藏青M快没了", "line_en": "Navy M is almost gone", "acknowledged": False}),
            stub_card(**{"id": "c-3", "product_id": "SC-31", "name_zh": "羊绒围巾", "name_en": "Cashmere scarf", "level": "low",
             "line_zh": "红色快没了", "line_en": "Red is almost gone", "acknowledged": True}),
        ][:limit]


class ShowcaseAlerts:
    def __init__(self) -> None:
        self.store = _Cards()
