"""Sales velocity from the movement stream, on the ledger's clock (movement ts), never wall time."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

BUCKET_MS = 1000


@dataclass
class SalesCounter:
    """Units sold per 1 s bucket as a running total, so any window's count is two bisects, not a scan."""

    starts: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)  # units sold up to and including the bucket
    total: int = 0

    def record(self, ts_ms: int, units: int) -> None:
        bucket = ts_ms - ts_ms % BUCKET_MS
        self.total += units
        # Two workers' clocks can write slightly out of order: a late sale counts in the newest bucket.
        if self.starts and bucket <= self.starts[-1]:
            self.totals[-1] = self.total
            return
        self.starts.append(bucket)
        self.totals.append(self.total)

    def total_at(self, ts_ms: int) -> int:
        """Units sold up to ts_ms (bucket resolution)."""
        index = bisect_right(self.starts, ts_ms)
        return self.totals[index - 1] if index else 0

    def units(self, since_ms: int, until_ms: int) -> int:
        return self.total_at(until_ms) - self.total_at(since_ms)

    def trim(self, keep_after_ms: int) -> None:
        """Drops buckets nobody asks about any more; their units stay in the running totals."""
        cut = bisect_right(self.starts, keep_after_ms) - 1
        if cut > 256:
            del self.starts[:cut]
            del self.totals[:cut]


@dataclass(frozen=True)
class Velocity:
    per_min: float  # smoothed: the mean of the last minute's and the last five minutes' rates
    units_recent: int  # sold in the trend window just ended
    units_before: int  # sold in the trend window before that
    run_rate_per_min: float  # over the lead-rate window: the pace assumed to last into the restock lead time

    def sellout_minutes(self, sellable: int) -> float | None:
        if sellable <= 0:
            return 0.0
        return sellable / self.per_min if self.per_min > 0 else None


class VelocityBook:
    """Counters per SKU and per product (all channels, all streams)."""

    def __init__(self, *, lead_rate_window_s: int = 900, longest_window_s: int = 1800):
        self.lead_rate_window_ms = lead_rate_window_s * 1000
        self.keep_ms = max(longest_window_s, lead_rate_window_s) * 1000 + 60_000
        self._counters: dict[str, SalesCounter] = {}
        self._recorded = 0

    def record_sale(self, sku: str, product_id: str, units: int, ts_ms: int) -> None:
        for key in (f"s:{sku}", f"p:{product_id}"):
            self._counters.setdefault(key, SalesCounter()).record(ts_ms, units)
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
            return Velocity(0.0, 0, 0, 0.0)
        # Rates divide by the full window: early in a burst they under-state the pace, never over-state it.
        last_minute = counter.units(now_ms - 60_000, now_ms)
        recent = counter.units(now_ms - window, now_ms)
        before = counter.units(now_ms - 2 * window, now_ms - window)
        smoothed = (last_minute + recent / (window / 60_000)) / 2
        run_rate = counter.units(now_ms - self.lead_rate_window_ms, now_ms) / (self.lead_rate_window_ms / 60_000)
        return Velocity(smoothed, recent, before, run_rate)
