"""Sane ranges for what callers send, shared by every request model."""

from __future__ import annotations

# Timestamps in ms since the epoch from 2000-01-01 to 2100-01-01: an ETA of 10^21 ms is a bug, not a date.
EPOCH_MS_MIN = 946_684_800_000
EPOCH_MS_MAX = 4_102_444_800_000
