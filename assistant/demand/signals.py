"""The arithmetic behind the flags: robust z-scores, the stream's ask-to-buy conversion, restock estimates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAD_TO_SIGMA = 0.6745  # Iglewicz-Hoaglin: z = 0.6745 (x - median) / MAD, comparable to a normal z
MIN_BASELINE_ITEMS = 3
PRIOR_WEIGHT_ASKERS = 20  # the prior counts as much as 20 askers: a few sales do not swing the estimate
REPEAT_WEIGHT = 0.25  # an asker's repeated asks show intent, but far less than another viewer asking


@dataclass(frozen=True)
class Baseline:
    median: float
    mad: float
    items: int

    def z(self, count: float) -> float:
        # A MAD of 0 (most items asked equally often) would make any difference infinite; counts are
        # whole asks, so one ask is the smallest spread that means anything.
        return MAD_TO_SIGMA * (count - self.median) / max(self.mad, 1.0)


def baseline(counts: Sequence[float]) -> Baseline:
    """Median and MAD of the window's per-item ask counts. Padded with zeros up to three items, so one item
    asked 40 times in an otherwise silent stream stands out instead of being its own baseline."""
    values = np.asarray(list(counts) + [0.0] * max(0, MIN_BASELINE_ITEMS - len(counts)), dtype=float)
    median = float(np.median(values))
    return Baseline(median=median, mad=float(np.median(np.abs(values - median))), items=len(counts))


@dataclass(frozen=True)
class Conversion:
    buyers: int  # orders on variants people asked about while they were in stock, at most one per asker
    askers: int  # unique askers of those variants while in stock
    prior: float
    rate: float

    @property
    def source(self) -> str:
        return "observed" if self.askers >= PRIOR_WEIGHT_ASKERS else "prior" if self.askers == 0 else "blended"

    def figures(self) -> dict[str, object]:
        return {"rate": round(self.rate, 4), "buyers": self.buyers, "askers": self.askers,
                "prior": self.prior, "source": self.source}


def conversion(pairs: Sequence[tuple[int, int]], prior: float) -> Conversion:
    """pairs: (orders, in-stock askers) per variant. Orders are capped at the askers, because most buyers
    of a popular variant never asked and would push a 'conversion' above 1. Shrunk towards the prior."""
    buyers = sum(min(max(orders, 0), askers) for orders, askers in pairs if askers > 0)
    askers = sum(askers for _, askers in pairs if askers > 0)
    rate = (buyers + prior * PRIOR_WEIGHT_ASKERS) / (askers + PRIOR_WEIGHT_ASKERS)
    return Conversion(buyers=buyers, askers=askers, prior=prior, rate=min(1.0, rate))


def restock_estimate(asks: int, askers: int, rate: float) -> int:
    """Units a restock could sell: the askers weighted up a little for repeated asks, times conversion."""
    if askers <= 0:
        return 0
    interested = askers + REPEAT_WEIGHT * max(0, asks - askers)
    return max(1, math.ceil(interested * rate - 1e-9))
