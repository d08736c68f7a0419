"""(must, may) figure sets per kind of answer, from the showcase oracle.

`must`: the figures that answer the question; `may`: other true figures about the same scope an answer
may add. An answer is right when must ⊆ stated ⊆ must ∪ may; a stated figure outside both is wrong.
"""

from __future__ import annotations

from tests.ops.showcase import oracle as o
from tests.ops.showcase import scenario as sc

F = tuple[set[float], set[float]]
MAIN = sc.MAIN


def _s(sku: str) -> o.Sku:
    return o.skus()[sku]


def one(sku: str) -> F:
    s = _s(sku)
    return {s.sellable}, {s.stock, s.held, s.incoming, s.safety} - {0} | ({0} if s.sellable == 0 else set())


def many(skus: list[str]) -> F:
    table = o.skus()
    total = sum(table[s].sellable for s in skus)
    return {total}, {table[s].sellable for s in skus} | {table[s].stock for s in skus} | {
        table[s].incoming for s in skus} | {table[s].held for s in skus} | {sum(table[s].stock for s in skus)}


def sales(skus: list[str], window: int | None = None, *, room: str | None = MAIN, channel: str | None = None) -> F:
    t = o.sales(set(skus), window, room=room, channel=channel)
    may = {t.sold, t.cancelled, t.orders}
    if window:
        may |= {o.per_hour(t.net, window), o.per_hour(t.sold, window)}
    return {t.net}, may


def cancelled(skus: list[str], window: int | None = None, room: str | None = MAIN) -> F:
    t = o.sales(set(skus), window, room=room)
    orders = sum(1 for m, order in sc.CANCELS if (window is None or m >= o.NOW - window)
                 and o.ORDER[order][3] in skus and room in (None, o.ORDER[order][2]))
    return {t.cancelled}, {orders, t.sold, t.net, t.orders}


def channels(skus: list[str], window: int | None = None, names: tuple[str, ...] = ("douyin", "kuaishou", "taobao")) -> F:
    must, may = set(), set()
    for ch in names:
        m, extra = sales(skus, window, channel=ch)
        must |= m
        may |= extra
    total, extra = sales(skus, window)
    return must, may | total | extra


def rooms(window: int | None = None) -> F:
    must, may = set(), set()
    for room in (sc.MAIN, sc.SECOND):
        m, extra = sales(o.lineup(room), window, room=room)
        must |= m
        may |= extra
    return must, may


def forecast(sku: str, window: int = 30) -> F:
    s, t = _s(sku), o.sales({sku}, window)
    minutes = o.minutes_left(sku, window)
    may = {s.sellable, t.net, o.per_hour(t.net, window), s.stock}
    return ({minutes} if minutes is not None else {s.sellable}), may


def soonest(scope: list[str], window: int = 30, limit: int = 5) -> F:
    ranked = sorted((m, s) for s in scope if (m := o.minutes_left(s, window)) is not None)[:limit]
    must = {ranked[0][0]} if ranked else set()
    may = {x for m, s in ranked for x in (m, _s(s).sellable, o.per_hour(o.sales({s}, window).net, window),
                                          o.sales({s}, window).net)}
    return must, may


def low(scope: list[str]) -> F:
    rows, gone = o.rows(scope, "low"), o.rows(scope, "sold_out")
    return {len(rows)} | {r.sellable for r in rows}, {len(gone)} | {r.stock for r in rows} | ({0} if gone else set())


def sold_out(scope: list[str]) -> F:
    rows, lows = o.rows(scope, "sold_out"), o.rows(scope, "low")
    return {len(rows)}, {len(lows)} | {r.sellable for r in lows} | {r.held for r in rows} | {r.incoming for r in rows} | {
        r.stock for r in rows} | {0}


def best(room: str = MAIN, window: int | None = None, limit: int = 5) -> tuple[F, list[str]]:
    ids = [i["product_id"] for i in sorted(sc.LINEUPS[room], key=lambda i: i["link_no"])]
    tallies = {pid: o.sales(set(o.of(pid)), window, room=room) for pid in ids}
    ranked = sorted((pid for pid in ids if tallies[pid].net > 0), key=lambda p: -tallies[p].net)[:limit]
    top = ranked[0]
    return ({tallies[top].net}, {x for p in ranked for x in (tallies[p].net, tallies[p].orders, tallies[p].sold)}
            | set(range(1, len(ranked) + 1))), ranked


def compare(*scopes: list[str], window: int | None = None) -> F:
    must, may = set(), set()
    for scope in scopes:
        m, extra = sales(scope, window)
        must |= m
        may |= extra
    return must, may


def incoming(skus: list[str]) -> F:
    ships = [(q, eta) for _, sku, _, q, eta in sc.INCOMING if sku in skus]
    return {q for q, _ in ships} or {0}, {sum(q for q, _ in ships)} | {eta - o.NOW for _, eta in ships} | {len(ships)}


def propose(sku: str, value: int | None) -> F:
    s = _s(sku)
    return ({value} if value is not None else set()), {s.sellable, s.stock, s.held, s.incoming, s.safety, 0}


def none() -> F:
    return set(), set()
