"""The host's card for a back-in-stock notice: "12位观众在等黑色L，刚补货40件——现在说一声".

Saved among the host's prompt cards (same store, same SSE events, same ack) with level "waitlist", in the
variant's own slot ("waitlist:<sku>", alerts.slots), never as the product's current card: the alert engine's
own cards and levels stay its own. It replaces the engine's back-in-stock card of the same return.
"""

from __future__ import annotations

from typing import Any

from assistant.alerts.card import Card
from assistant.alerts.slots import waitlist_slot
from assistant.catalog.models import Product
from assistant.comments.facts import Fact
from assistant.vocab.naming import variant_label
from prompts import render

LEVEL = "waitlist"
RESTOCKS = {"restock", "correction", "load"}  # new units, as against units coming back (cancel, hold ends)


def card_id(notice_id: str) -> str:
    return f"card-{notice_id}"


def build_card(notice: dict[str, Any], product: Product, fact: Fact, held: int, hold_minutes: int) -> Card:
    waiting = len(notice["viewers"])
    trigger = notice["trigger"]
    qty = max(1, int(trigger.get("returned", 0) or 0))
    restocked = trigger.get("type") in RESTOCKS
    texts: dict[str, dict[str, str]] = {}
    for lang in ("zh", "en"):
        label = variant_label(fact.colour, fact.size, lang, product)
        values = {"waiting": waiting, "label": label, "qty": qty, "restocked": restocked, "held": held,
                  "minutes": hold_minutes}
        texts[lang] = {"line": render(f"waitlist/{lang}/card_line.j2", **values).strip(),
                       "action": render(f"waitlist/{lang}/card_action.j2", **values).strip(), "label": label}
    variant = {"sku": fact.sku, "colour": fact.colour, "size": fact.size, "sellable": fact.sellable,
               "status": fact.status, "level": "ok", "label_zh": texts["zh"]["label"], "label_en": texts["en"]["label"],
               "velocity_per_min": 0.0, "units_recent": 0, "sellout_minutes": None, "incoming": 0}
    ts = int(notice["ts"])
    return Card.model_validate({
        "id": card_id(notice["id"]), "stream_id": notice["stream_id"], "product_id": product.id,
        "slot": waitlist_slot(fact.sku),
        "name": {"zh": product.display_name_zh, "en": product.display_name_en},
        "name_zh": product.display_name_zh, "name_en": product.display_name_en,
        "level": LEVEL, "variants": [variant], "velocity_per_min": 0.0, "sellout_minutes": None,
        "product_velocity_per_min": 0.0, "asking": None,
        "line_zh": texts["zh"]["line"], "line_en": texts["en"]["line"],
        "action": {"kind": "announce_waitlist", "text_zh": texts["zh"]["action"], "text_en": texts["en"]["action"],
                   "alternative": None, "restock": None},
        "facts": {"waiting": waiting, "returned": qty, "sellable": fact.sellable, "held": held,
                  "hold_minutes": hold_minutes if held else None, "notice_id": notice["id"]},
        "waitlist": {"notice_id": notice["id"], "waiting": waiting, "returned": qty, "held": held},
        "trigger": {"movement_id": trigger.get("movement_id"), "type": trigger.get("type"), "sku": fact.sku,
                    "ref": None, "ts": trigger.get("ts")},
        "merged": [], "created_ts": ts, "updated_ts": ts, "acknowledged": False,
    })
