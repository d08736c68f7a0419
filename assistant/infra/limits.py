"""Sane ranges for what callers send, shared by every request model."""

from __future__ import annotations

# Timestamps in ms since the epoch from 2000-01-01 to 2100-01-01: an ETA of 10^21 ms is a bug, not a date.
EPOCH_MS_MIN = 946_684_800_000
EPOCH_MS_MAX = 4_102_444_800_000
# A Redis stream entry id as a cursor: both parts must fit Redis's 64-bit counters, or the read is refused by
# Redis (a 500) instead of by us (a 422); 19 digits always fit.
STREAM_CURSOR_PATTERN = r"^\d{1,19}-\d{1,19}$"
