"""Which slot a host card occupies, decided by the server: the page shows one card per product and slot.

"stock" is the alert engine's card of a product (its levels and figures); "waitlist:<sku>" is a back-in-stock
notice for one variant's waiting viewers ("12位观众在等黑色L，刚补货40件"). A new card replaces its slot's
previous card. A waitlist card is the news of the return it announces, so it also replaces the product's
back-in-stock stock card for that variant, whichever of the two is saved first (lua/save_card.lua).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.alerts.card import Card
from assistant.alerts.levels import BACK_IN_STOCK

STOCK = "stock"
WAITLIST = "waitlist:"
SAME_RETURN_MS = 120_000  # a back-in-stock card and a waitlist card this close on one variant tell one return


def waitlist_slot(sku: str) -> str:
    return f"{WAITLIST}{sku}"


def slot_of(card: Card) -> str:
    return card.slot or STOCK


def _trigger(card: Card) -> dict[str, Any]:
    return card.trigger or {}


def counterpart(card: Card) -> str:
    """The other slot this card's placement depends on: a waitlist card's product stock card, or the waitlist
    slot of the variant an engine back-in-stock card is about ('' when there is none)."""
    slot = slot_of(card)
    if slot.startswith(WAITLIST):
        return STOCK
    sku = _trigger(card).get("sku")
    return waitlist_slot(sku) if card.level == BACK_IN_STOCK and sku else ""


def meta(card: Card) -> dict[str, Any]:
    """What the save script compares: the card's level, the variant and movement of its return, and when."""
    trigger = _trigger(card)
    return {"id": card.id, "level": card.level or "", "sku": trigger.get("sku") or "",
            "movement": trigger.get("movement_id") or "", "ts": card.created_ts}


@dataclass(frozen=True)
class Placement:
    """What a save did besides writing the card: the ids it replaced, or the card that hides it."""

    supersedes: list[str] = field(default_factory=list)
    superseded_by: str | None = None


@dataclass(frozen=True)
class PendingEvent:
    """An outbox event a card owes, written in the card's own save (one atomic step) and relayed after it."""

    dedupe_key: str
    body: dict[str, Any]
