"""Per stream and product: which levels were already said, and what a new movement asks to say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.alerts.levels import BACK_IN_STOCK, Level
from assistant.alerts.settings import AlertSettings

Kind = Literal["new", "update"]
PRIORITY = {"sold_out": 5, "critical": 4, BACK_IN_STOCK: 3, "low": 3, "trend": 1}
RESTOCKS = {"restock"}  # a received shipment is a restock movement too
RELEASES = {"cancel", "release", "hold_expired"}
SHIPMENTS = {"incoming"}  # a shipment on file changes the card's ETA though not its count


@dataclass
class Decision:
    stream_id: str
    product_id: str
    kind: Kind
    level: str
    skus: set[str]
    trigger: dict[str, Any]

    @property
    def priority(self) -> float:
        return PRIORITY.get(self.level, 0) + (0.5 if self.kind == "new" else 0)

    def merge(self, newer: Decision) -> Decision:
        """The newest state wins; a pending new card stays new when an update follows it."""
        kind: Kind = "new" if "new" in (self.kind, newer.kind) else "update"
        level = newer.level if newer.kind == "new" or self.kind == "update" else self.level
        return Decision(self.stream_id, self.product_id, kind, level, self.skus | newer.skus, newer.trigger)


@dataclass
class ProductAlertState:
    raised: dict[str, Level] = field(default_factory=dict)  # per SKU: the highest level already said
    trend_raised: bool = False
    card_id: str | None = None
    card_level: str | None = None
    card_created_ts: int = 0
    card_raised_ts: int | None = None  # when the card was raised (flash, sound); None while it waits quietly
    announced: dict[str, int] = field(default_factory=dict)  # sellable per SKU on the last card shown

    def level(self) -> Level:
        top = max(self.raised.values(), default=Level.OK)
        return Level.TREND if top < Level.TREND and self.trend_raised else top

    def concerned(self) -> list[str]:
        return [sku for sku, level in self.raised.items() if level >= Level.LOW]


@dataclass(frozen=True)
class Observation:
    sku: str
    movement: str  # the movement type
    qty: int
    sellable: int
    level: Level


def observe_sku(state: ProductAlertState, seen: Observation, settings: AlertSettings) -> tuple[Kind, str] | None:
    """What one SKU's movement asks the host to hear, updating what counts as said."""
    previous = state.raised.get(seen.sku, Level.OK)
    product_before = state.level()
    if seen.movement == "load":  # a catalog (re)load sets the baseline: what it starts with is not news
        state.raised[seen.sku] = seen.level
        state.announced.pop(seen.sku, None)
        return None
    if seen.level > previous:
        state.raised[seen.sku] = seen.level
        if seen.level > product_before:
            return "new", seen.level.label
        return "update", _update_level(state)
    if seen.level < previous:
        restocked = seen.movement in RESTOCKS or (seen.movement == "correction" and seen.qty > 0)
        freed = seen.movement in RELEASES and seen.sellable >= settings.back_in_stock_min_units
        if restocked or (freed and previous == Level.SOLD_OUT):
            # Re-armed: every level above the current one can be raised again.
            state.raised[seen.sku] = seen.level
            if seen.sellable > 0 and (previous == Level.SOLD_OUT or (previous >= Level.LOW > seen.level)):
                return "new", BACK_IN_STOCK
        if previous == Level.SOLD_OUT:
            return None  # a unit or two back from cancellations: not worth a card that contradicts itself
    said = state.announced.get(seen.sku)
    if state.card_id and said is not None and (said != seen.sellable or seen.movement in SHIPMENTS):
        # Every figure a card shows is the ledger's: a changed count (or a new ETA) updates it at once.
        return "update", _update_level(state)
    return None


def _update_level(state: ProductAlertState) -> str:
    level = state.level()
    if level == Level.OK or (state.card_level == BACK_IN_STOCK and level < Level.LOW):
        return state.card_level or level.label  # the card keeps saying what it said, with new figures
    return level.label


def observe_trend(state: ProductAlertState, rising: bool) -> tuple[Kind, str] | None:
    if not rising:
        state.trend_raised = False  # re-armed once the pace is no longer climbing
        return None
    if state.trend_raised:
        return None
    state.trend_raised = True
    # Once a variant is low the higher card already tells the host; a trend card would be noise.
    return ("new", "trend") if max(state.raised.values(), default=Level.OK) < Level.LOW else None
