"""Expected figures per kind of answer, from the scenario arithmetic in tests/ops/oracle.py.

Each function returns the set of figures the answer must state (the bold numbers) for one tool result.
"""

from __future__ import annotations

from typing import Any

from tests.ops import oracle, scenario

NOW = scenario.NOW_MINUTE
F = set[float]


def _one(sku: str) -> F:
    s = oracle.skus()[sku]
    incoming = 20 if sku == "HD-101-APR-XL" else 0
    return {s.sellable, s.stock} | ({incoming} if incoming else set())


def stock(skus: list[str]) -> F:
    if len(skus) == 1:
        return _one(skus[0])
    table = oracle.skus()
    return {sum(table[s].sellable for s in skus)} | {table[s].sellable for s in skus}


def variants(product: str, colour: str | None = None, size: str | None = None) -> list[str]:
    return [s.sku for s in oracle.product_skus(product)
            if (colour is None or s.colour == colour) and (size is None or s.size == size)]


def low(scope: list[str], mode: str = "low") -> F:
    rows = [oracle.skus()[s] for s in scope]
    low_rows = [r for r in rows if r.status == "low"]
    sold_out = [r for r in rows if r.status == "sold_out"]
    if mode == "sold_out":
        return {len(sold_out)} | ({len(low_rows)} if low_rows else set())
    return {len(low_rows)} | {r.sellable for r in low_rows} | ({len(sold_out)} if sold_out else set())


def sales(window: int | None, scope: list[str] | set[str]) -> F:
    sold, cancelled, orders = oracle.window_sales(window, set(scope))
    return {sold, orders, cancelled, sold - cancelled} | ({oracle.per_hour(sold - cancelled, window)} if window else set())


def best(window: int | None, limit: int = 5, by_variant: bool = False) -> F:
    first = -1 if window is None else NOW - window
    units: dict[str, int] = {}
    orders: dict[str, set[str]] = {}
    product_of = {s.sku: s.product for s in oracle.skus().values()}
    for minute, order, sku, qty in scenario.SALES:
        if minute >= first:
            key = sku if by_variant else product_of[sku]
            units[key] = units.get(key, 0) + qty
            orders.setdefault(key, set()).add(order)
    cancelled = {o: (s, q) for _, o, s, q in scenario.SALES}
    for minute, order in scenario.CANCELS:
        if minute >= first:
            sku, qty = cancelled[order]
            key = sku if by_variant else product_of[sku]
            units[key] -= qty
    order_key = {s: i for i, s in enumerate(s.sku for s in oracle.skus().values())} if by_variant else oracle.LINK
    ranked = sorted((k for k in units if units[k] > 0), key=lambda k: (-units[k], order_key[k]))[:limit]
    return {units[k] for k in ranked} | {len(orders[k]) for k in ranked}


def _forecast_rows(scope: list[str], window: int) -> list[dict[str, Any]]:
    rows = []
    for sku in scope:
        s = oracle.skus()[sku]
        sold, cancelled, _ = oracle.window_sales(window, {sku})
        net = sold - cancelled
        minutes = round(s.sellable * window / net) if net > 0 and s.sellable > 0 else None
        rows.append({"sku": sku, "sellable": s.sellable, "net": max(net, 0), "minutes": minutes,
                     "per_hour": oracle.per_hour(max(net, 0), window)})
    rows.sort(key=lambda r: (r["minutes"] is None, r["minutes"] or 0, r["sku"]))
    return rows


def forecast(scope: list[str], window: int = 30) -> F:
    rows = _forecast_rows(scope, window)[:10]
    if len(rows) > 3:
        return {x for r in rows for x in (r["sellable"], r["per_hour"], r["minutes"]) if x is not None}
    out: F = set()
    for r in rows:
        out.add(r["sellable"])
        if r["sellable"] and r["minutes"] is not None:
            out |= {r["net"], r["per_hour"], r["minutes"]}
    return out


def forecast_lineup(window: int = 30) -> F:
    rows = [r for r in _forecast_rows(sorted(oracle.lineup_skus()), window) if r["minutes"] is not None][:5]
    return {x for r in rows for x in (r["sellable"], r["per_hour"], r["minutes"])}


def history(sku: str) -> F:
    s = oracle.skus()[sku]
    safety, on_hand, sold = s.safety, s.start, 0
    entries = [(0, s.start, s.start - safety)]
    order_qty = {o: (k, q) for _, o, k, q in scenario.SALES}
    events = [(m, -q) for m, _, k, q in scenario.SALES if k == sku]
    events += [(m, order_qty[o][1]) for m, o in scenario.CANCELS if order_qty[o][0] == sku]
    restocks = [(m, q) for m, k, q in scenario.RESTOCKS if k == sku]
    for minute, delta in sorted(events + restocks):
        if (minute, delta) in restocks:
            on_hand += delta
        else:
            sold -= delta
        entries.append((minute, delta, on_hand - safety - sold))
    return {x for e in entries[-10:] for x in e[1:]}


def propose(sku: str, *values: int) -> F:
    s = oracle.skus()[sku]
    return set(values) | {s.sellable, s.stock}


DEMAND_ALL = {42, 30, 25, 8, 17, 12, 0, 9}
DEMAND_10 = {11, 9, 7}
DEMAND_FLAGGED = {42, 30, 25, 8, 9, 0}
DEMAND_UNMET = {42, 30, 25, 8}  # only the asks that could not be met (unmet_asks > 0), not "frequent" ones
LINEUP = sorted(oracle.lineup_skus())


def report() -> F:
    table = oracle.skus()
    sold = sum(q for _, _, _, q in scenario.SALES)
    product_units: dict[str, int] = {}
    for _, order, sku, qty in scenario.SALES:
        cancelled = any(o == order for _, o in scenario.CANCELS)
        product_units[table[sku].product] = product_units.get(table[sku].product, 0) + (0 if cancelled else qty)
    sold_out = sum(1 for s in table.values() if s.sellable == 0)
    return {sold, 3, sold - 3, 30, 2, -2, 0, max(product_units.values()), sold_out}
