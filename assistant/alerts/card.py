"""The host prompt card, typed: what the alert engine builds and stores, the outbox sends, the host page and the
API show. One definition: the API's response model is this class (assistant/api/schemas/cards.py re-exports it).

Every figure on a card comes from `facts`, the ledger facts it was built from (a dict by design: the facts the
line templates read). Extra fields pass through, so a card stored by an older build still reads.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assistant.results import ResultModel


class CardNames(ResultModel):
    zh: str | None = None
    en: str | None = None


class CardVariant(ResultModel):
    sku: str
    colour: str | None
    size: str | None
    sellable: int
    status: str
    level: str = Field(description="ok, trend, low, critical or sold_out for this variant")
    label_zh: str
    label_en: str
    velocity_per_min: float
    sellout_minutes: int | None = Field(description="minutes to sell out at the current pace; null: not selling")
    units_recent: int = 0
    incoming: int = 0


class CardAction(ResultModel):
    kind: str = Field(description="what the host is prompted to do, e.g. push_remaining, switch_to, restock_eta")
    text_zh: str
    text_en: str
    alternative: dict[str, Any] | None = Field(description="the option or product to switch viewers to")
    restock: dict[str, Any] | None = Field(description="the next incoming shipment, when there is one")


class StarvedBundle(ResultModel):
    bundle: str
    component: str = Field(description="the scarcest component")
    allows: int = Field(description="sets that component still allows")
    bundle_name: str
    component_name: str


class BundleWarning(ResultModel):
    """On a card: a component's shortage starves a bundle (the line is appended to the card's)."""

    starved: list[StarvedBundle]
    line_zh: str
    line_en: str


class Card(ResultModel):
    """A prompt card for the host: every figure on it comes from `facts`, read from the ledger."""

    id: str
    stream_id: str
    product_id: str
    name: CardNames
    name_zh: str | None = None
    name_en: str | None = None
    level: str = Field(description="trend, low, critical, sold_out, back_in_stock, or waitlist")
    slot: str = Field(default="stock", description="where the card sits on the host's screen, one card per product "
                      "and slot: 'stock' (the alert engine's card) or 'waitlist:<sku>' (waiting viewers of a "
                      "variant that came back); a new card replaces its slot's previous one")
    variants: list[CardVariant]
    velocity_per_min: float = 0.0
    sellout_minutes: int | None = None
    product_velocity_per_min: float = 0.0
    asking: dict[str, Any] | None = Field(default=None, description="viewers asking about the product now")
    line_zh: str = Field(description="what the host can say")
    line_en: str
    action: CardAction
    facts: dict[str, Any] = Field(description="the ledger facts the card was built from")
    trigger: dict[str, Any] | None = Field(description="the movement that raised it")
    merged: list[Any] = Field(default_factory=list)
    bundle: BundleWarning | None = Field(default=None, description="a bundle starved by a component (issue 17)")
    created_ts: int = Field(description="ms since the epoch")
    updated_ts: int
    acknowledged: bool = False
    acknowledged_ts: int | None = None
    superseded_by: str | None = None
    raised: bool = Field(default=True, description="false: a quiet card, held back by the stream's rate cap")
    raised_ts: int | None = Field(default=None, description="when it was raised (ms); null while quiet")

    def public(self) -> dict[str, Any]:
        """The card as JSON-ready data: the outbox's payload, the SSE snapshot, the stored form."""
        return self.model_dump(mode="json")
