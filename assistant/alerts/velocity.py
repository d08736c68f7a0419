"""Sales velocity from the movement stream, on the ledger's clock (movement ts), never wall time.

Robust to bulk orders and single bursts: an order counts at most `bulk_order_units` toward the pace (one order
of 60 is one buyer, not a trend), and a pace is only trusted for a prediction once it is spread over enough
orders and enough distinct seconds of a long enough stretch (the confidence). Below that, no sell-out time
is claimed at all.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

BUCKET_MS = 1000
Confidence = Literal["none", "low", "medium", "high"]
# (orders, distinct seconds with a sale, first-to-last sale span in s) a pace needs for each confidence.
MEDIUM = (6, 5, 60)
HIGH = (20, 15, 180)


@dataclass
class SalesCounter:
    """Per 1 s bucket running totals (units as sold, units as counted toward the pace, orders), so any
    window's figures are two bisects, not a scan."""

    starts: list[int] = field(default_factory=list)
    totals: list[tuple[int, int, int]] = field(default_factory=list)  # (units, counted units, orders) so far
    total: tuple[int, int, int] = (0, 0, 0)

    def record(self, ts_ms: int, units: int, counted: int) -> None:
        bucket = ts_ms - ts_ms % BUCKET_MS
        self.total = (self.total[0] + units, self.total[1] + counted, self.total[2] + 1)
        # Two workers' clocks can write slightly out of order: a late sale counts in the newest bucket.
        if self.starts and bucket <= self.starts[-1]:
            self.totals[-1] = self.total
            return
        self.starts.append(bucket)
        self.totals.append(self.total)

    def _index(self, ts_ms: int) -> int:
        return bisect_right(self.starts, ts_ms)

    def _at(self, index: int) -> tuple[int, int, int]:
        return self.totals[index - 1] if index else (0, 0, 0)

    def window(self, since_ms: int, until_ms: int) -> Window:
        first, last = self._index(since_ms), self._index(until_ms)
        low, high = self._at(first), self._at(last)
        active = last - first
        span = (self.starts[last - 1] - self.starts[first]) // 1000 if active else 0
        return Window(high[0] - low[0], high[1] - low[1], high[2] - low[2], active, span)

    def sums(self, since_ms: int, until_ms: int) -> tuple[int, int]:
        """(units, counted units) only: the cheap path for windows whose confidence nobody reads."""
        low, high = self._at(self._index(since_ms)), self._at(self._index(until_ms))
        return high[0] - low[0], high[1] - low[1]

    def trim(self, keep_after_ms: int) -> None:
        """Drops buckets nobody asks about any more; their units stay in the running totals."""
        cut = bisect_right(self.starts, keep_after_ms) - 1
        if cut > 256:
            del self.starts[:cut]
            del self.totals[:cut]


@dataclass(frozen=True)
class Window:
    units: int
    counted: int  # bulk orders clipped
    orders: int
    active_seconds: int
    span_s: int

    @property
    def confidence(self) -> Confidence:
        if self.orders == 0:
            return "none"
        for name, (orders, active, span) in (("high", HIGH), ("medium", MEDIUM)):
            if self.orders >= orders and self.active_seconds >= active and self.span_s >= span:
                return name  # type: ignore[return-value]
        return "low"


@dataclass(frozen=True)
class Velocity:
    per_min: float  # smoothed counted pace: the mean of the last minute's and the trend window's rates
    units_recent: int  # sold in the trend window just ended (as sold: this is what a card may cite)
    units_before: int  # sold in the trend window before that
    run_rate_per_min: float  # counted pace over the lead-rate window: what the reorder point assumes
    confidence: Confidence = "high"  # of per_min (trend window)
    lead_confidence: Confidence = "high"  # of run_rate_per_min (lead-rate window)
    counted_recent: int | None = None  # the trend window's counted units (None: same as units_recent)
    counted_before: int | None = None
    orders_recent: int = 0

    @property
    def trusted(self) -> bool:
        return self.confidence in ("medium", "high")

    def sellout_minutes(self, sellable: int) -> float | None:
        """None when the pace is too thin to predict from (a single order, one burst second)."""
        if sellable <= 0:
            return 0.0
        return sellable / self.per_min if self.per_min > 0 and self.trusted else None


class VelocityBook:
    """Counters per SKU and per product (all channels, all streams)."""

    def __init__(self, *, lead_rate_window_s: int = 900, longest_window_s: int = 1800, bulk_order_units: int = 5):
        self.lead_rate_window_ms = lead_rate_window_s * 1000
        self.bulk_order_units = bulk_order_units
        self.keep_ms = max(longest_window_s, lead_rate_window_s) * 1000 + 60_000
        self._counters: dict[str, SalesCounter] = {}
        self._recorded = 0

    def clear(self) -> None:
        """Forgets every sale: before history is fed in again (a start-up retried after Redis failed half-way)."""
        self._counters.clear()

    def record_sale(self, sku: str, product_id: str, units: int, ts_ms: int) -> None:
        counted = min(units, self.bulk_order_units)
        for key in (f"s:{sku}", f"p:{product_id}"):
            self._counters.setdefault(key, SalesCounter()).record(ts_ms, units, counted)
        self._recorded += 1
        if self._recorded % 10_000 == 0:
            horizon = ts_ms - self.keep_ms
            for counter in self._counters.values():
                counter.trim(horizon)

    def of_sku(self, sku: str, now_ms: int, trend_window_s: int = 300) -> Velocity:
        return self._velocity(self._counters.get(f"s:{sku}"), now_ms, trend_window_s * 1000)

    def of_product(self, product_id: str, now_ms: int, trend_window_s: int = 300) -> Velocity:
        return self._velocity(self._counters.get(f"p:{product_id}"), now_ms, trend_window_s * 1000)

    def _velocity(self, counter: SalesCounter | None, now_ms: int, window: int) -> Velocity:
        if counter is None:
            return Velocity(0.0, 0, 0, 0.0, "none", "none", 0, 0, 0)
        # Rates divide by the full window: early in a burst they under-state the pace, never over-state it.
        _, last_minute = counter.sums(now_ms - 60_000, now_ms)
        recent = counter.window(now_ms - window, now_ms)
        before_units, before_counted = counter.sums(now_ms - 2 * window, now_ms - window)
        lead = recent if self.lead_rate_window_ms == window else counter.window(now_ms - self.lead_rate_window_ms, now_ms)
        smoothed = (last_minute + recent.counted / (window / 60_000)) / 2
        run_rate = lead.counted / (self.lead_rate_window_ms / 60_000)
        return Velocity(smoothed, recent.units, before_units, run_rate, recent.confidence, lead.confidence,
                        recent.counted, before_counted, recent.orders)
