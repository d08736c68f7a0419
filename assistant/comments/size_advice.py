"""Which size fits: the product's size chart against the viewer's height and weight."""

from __future__ import annotations

from assistant.catalog.models import Product


def _distance(value: float | None, bounds: tuple[float, float] | None) -> float:
    if value is None or bounds is None:
        return 0.0
    low, high = bounds
    if low <= value <= high:
        return 0.0
    return (low - value) if value < low else (value - high)


def advise_size(product: Product, height_cm: float | None, weight_kg: float | None) -> str | None:
    """The chart row that fits best; weight decides ties (it matters more for fit than height)."""
    chart = product.size_chart
    if chart is None or not chart.rows or (height_cm is None and weight_kg is None):
        return None
    scored = []
    for index, row in enumerate(chart.rows):
        miss_weight = _distance(weight_kg, row.weight_kg)
        miss_height = _distance(height_cm, row.height)
        # Between two fitting rows, the larger one is more comfortable: prefer later rows on ties.
        scored.append((miss_weight * 2 + miss_height / 2, -index, row.size))
    return min(scored)[2]
