"""The ledger figures a reply is built from; nothing else may appear in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field

from assistant.ledger.availability import Status, VariantAvailability

FactRole = Literal["asked", "alternative", "substitute"]


@dataclass(frozen=True)
class Fact:
    """A ledger figure the reply was built from, read at answer time."""

    sku: str
    product_id: str
    colour: str | None
    size: str | None
    sellable: Annotated[int, Field(ge=0)]
    status: Status
    role: FactRole = "asked"

    def public(self) -> dict[str, Any]:
        return {"sku": self.sku, "product_id": self.product_id, "colour": self.colour, "size": self.size,
                "sellable": self.sellable, "status": self.status, "role": self.role}


def fact_of(product_id: str, variant: VariantAvailability, role: FactRole = "asked") -> Fact:
    return Fact(variant.sku, product_id, variant.colour, variant.size, variant.sellable, variant.status, role)


@dataclass
class ReplyBasis:
    """Everything a reply may state: ledger facts plus the non-stock numbers it may echo."""

    facts: list[Fact] = field(default_factory=list)
    restock_days: int | None = None
    restock_hours: int | None = None  # a shipment due within a day is stated in hours instead of days
    restock_qty: int | None = None  # the next shipment's quantity, stated only when the figures rule allows
    echoed_numbers: set[str] = field(default_factory=set)  # the viewer's own height/weight
    labels: set[str] = field(default_factory=set)  # product names, colour and size labels used
    option_count: int | None = None  # "…等12个": how many options a shortened list stands for
