"""What the ledger's verbs answer: one typed answer per verb (the API's response models are these classes).

Each answer also knows, outside its JSON, the HTTP status its script chose (201 when the operation happened
now, 200 for an answer about something that had happened) and whether it is a replay: the same operation (same
order id, hold id or op id) sent again gets its first answer back, and nothing moves twice.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr

from assistant.results import ResultModel


class LedgerAnswer(ResultModel):
    _http_status: int = PrivateAttr(default=200)
    _replayed: bool = PrivateAttr(default=False)

    def answered(self, http_status: int, replayed: bool) -> LedgerAnswer:
        self._http_status, self._replayed = http_status, replayed
        return self

    @property
    def http_status(self) -> int:
        return self._http_status

    @property
    def replayed(self) -> bool:
        """True when the same operation had already run and this is its first answer again."""
        return self._replayed

    def __eq__(self, other: object) -> bool:
        """The same answer: same kind, body and status (a replay of an answer equals it)."""
        return (type(other) is type(self) and isinstance(other, LedgerAnswer)
                and (self.model_dump(), self.http_status) == (other.model_dump(), other.http_status))

    __hash__ = None  # type: ignore[assignment]  # mutable, like every pydantic model


class Line(ResultModel):
    sku: str
    qty: int


class OrderAnswer(LedgerAnswer):
    """201 when placed now, the same answer (200/201) when the same order_id is sent again."""

    order_id: str
    status: Literal["accepted", "cancelled", "rejected"]
    lines: list[Line] = Field(default_factory=list)
    hold_id: str | None = Field(default=None, description="set when the order confirmed a hold")


class CancelAnswer(LedgerAnswer):
    order_id: str
    status: Literal["cancelled"]
    changed: bool = Field(description="false: it was cancelled already, no stock moved this time")


class HoldAnswer(LedgerAnswer):
    hold_id: str
    status: Literal["held"]
    expires_at_ms: int
    lines: list[Line]


class ReleaseAnswer(LedgerAnswer):
    hold_id: str
    status: str = Field(description="released, expired or confirmed (the state the hold is in)")
    changed: bool


class RestockAnswer(LedgerAnswer):
    sku: str
    restocked: int
    sellable: int


class CountAnswer(LedgerAnswer):
    sku: str
    stock: int
    delta: int
    sellable: int


class PolicyAnswer(LedgerAnswer):
    sku: str
    policy: Literal["safety_stock", "buyer_limit", "flash_cap", "allocation", "region_buyer_limit"]
    scope: str
    value: Any = Field(description="the value set; null or empty when cleared")
    sellable: int


class IncomingAnswer(LedgerAnswer):
    sku: str
    shipment_id: str
    qty: int
    eta_ms: int


class ReceiveAnswer(LedgerAnswer):
    sku: str
    shipment_id: str
    received: int
    sellable: int


class WarehouseStockAnswer(LedgerAnswer):
    """A restock, count or safety stock at one warehouse (issue 17): that warehouse's figure and the SKU's."""

    sku: str
    warehouse: str
    available: int = Field(description="what this warehouse can sell now")
    sellable: int = Field(description="the SKU's sellable over every warehouse")
    restocked: int | None = Field(default=None, description="restock: units added")
    stock: int | None = Field(default=None, description="count: the shelf's units now")
    delta: int | None = Field(default=None, description="count: the change the count made")
    safety_stock: int | None = Field(default=None, description="safety: the units held back now")


class TransferAnswer(LedgerAnswer):
    """A transfer between two warehouses as it stands after the verb (issue 17); also each row of a listing."""

    # `from` is a Python keyword: the field is `source`, its JSON name `from`, in and out (model_dump too).
    model_config = ConfigDict(extra="allow", validate_assignment=True, populate_by_name=True,
                              serialize_by_alias=True)

    transfer_id: str
    sku: str
    source: str = Field(alias="from")
    to: str
    qty: int
    eta_ms: int
    # expired: a proposal not confirmed before its expires_ms (a confirm is refused, transfer_expired)
    status: Literal["proposed", "expired", "in_transit", "received", "cancelled"]
    note: str = ""
    expires_ms: int | None = Field(default=None, description="a proposal not confirmed by then is refused")


class KitPart(ResultModel):
    sku: str
    qty: int = Field(description="units of this component that went into (pack) or came out of (unpack) the kits")
    sellable: int = Field(description="the component's sellable after")


class KitAnswer(LedgerAnswer):
    """A pre-packed bundle packed from its components, or unsold kits unpacked back (issue 17)."""

    bundle: str
    action: Literal["pack", "unpack"]
    qty: int = Field(description="kits packed or unpacked")
    warehouse: str | None = Field(default=None, description="where; null in a catalog without warehouses")
    sellable: int = Field(description="the bundle's own sellable after")
    components: list[KitPart]
