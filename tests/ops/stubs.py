"""Fixed demand and alert sources for the labelled questions (the real domains have their own tests)."""

from __future__ import annotations

from typing import Any

from assistant.alerts.card import Card

_HOODIE = {"product_id": "HD-101", "name": "联名款连帽卫衣", "name_en": "Collab hooded sweatshirt"}
DEMAND_ITEMS: list[dict[str, Any]] = [
    {**_HOODIE, "colour": "apricot", "size": "XL", "asks": 42, "askers": 30, "unmet_asks": 25,
     "flags": [{"kind": "unmet", "restock_estimate": 8}]},
    {"product_id": "DR-201", "name": "法式碎花连衣裙", "name_en": "French floral midi dress", "colour": "red",
     "size": "M", "asks": 17, "askers": 12, "unmet_asks": 0, "flags": []},
    {"product_id": "LP-501", "name": "丝绒雾面口红", "name_en": "Velvet matte lipstick", "colour": "#999 正红",
     "size": None, "asks": 9, "askers": 9, "unmet_asks": 0, "flags": [{"kind": "frequent", "restock_estimate": None}]},
]
DEMAND_LAST_10_MIN = [{**_HOODIE, "colour": "apricot", "size": "XL", "asks": 11, "askers": 9, "unmet_asks": 7, "flags": []}]


class FixedDemand:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def top(self, stream_id: str, window_s: int | None = None, flagged_only: bool = False,
                  limit: int = 20) -> list[dict[str, Any]]:
        self.calls.append({"stream_id": stream_id, "window_s": window_s, "flagged_only": flagged_only})
        items = DEMAND_LAST_10_MIN if window_s == 600 else DEMAND_ITEMS
        return [i for i in items if i["flags"] or not flagged_only][:limit]


def stub_card(**fields: Any) -> Card:
    """A stored card with only what the ops tools read set; the rest empty (no figures, no variants)."""
    names = {"zh": fields.get("name_zh"), "en": fields.get("name_en")}
    action = {"kind": "none", "text_zh": "", "text_en": "", "alternative": None, "restock": None}
    return Card.model_validate({"stream_id": "s", "name": names, "variants": [], "action": action, "facts": {},
                                "trigger": None, "created_ts": 0, "updated_ts": 0, **fields})


class FixedCards:
    async def list_cards(self, stream_id: str, *, limit: int = 50) -> list[Card]:
        return [
            stub_card(**{"id": "card-1", "product_id": "HD-101", "name_zh": "联名款连帽卫衣", "name_en": "Collab hooded sweatshirt",
             "level": "sold_out", "line_zh": "杏色XL卖完了，可以推荐杏色M", "line_en": "Apricot XL is gone; offer apricot M",
             "acknowledged": False}),
            stub_card(**{"id": "card-0", "product_id": "DR-201", "name_zh": "法式碎花连衣裙", "name_en": "French floral midi dress",
             "level": "low", "line_zh": "蓝色XS快没了", "line_en": "Blue XS is almost gone", "acknowledged": True}),
        ][:limit]


class FixedAlerts:
    def __init__(self) -> None:
        self.store = FixedCards()
