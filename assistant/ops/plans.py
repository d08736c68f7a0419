"""From one read question to the tool calls that answer it (or a text when something is missing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.catalog.models import Catalog
from assistant.ops.answers import fixed_answer
from assistant.ops.intents import ACTION_INTENTS
from assistant.ops.question import Question
from assistant.vocab import colour_of, size_of

Call = tuple[str, dict[str, Any]]
_ACTION_TOOLS = {"restock": ("propose_restock", "qty"), "count_correction": ("propose_count_correction", "stock"),
                 "transfer": ("propose_transfer", "qty"), "pack": ("propose_pack", "qty"),
                 "unpack": ("propose_unpack", "qty"),
                 "safety_stock": ("propose_safety_stock", "value"), "buyer_limit": ("propose_buyer_limit", "value"),
                 "flash_cap": ("propose_flash_cap", "value")}
_WHICH = re.compile(r"哪些|哪个|哪款|谁|什么|啥|\bwhich\b|\bwhat(?:'s| is| are| will)?\b|\bwho\b")
_UNMET = ("买不到", "没买到", "unmet", "can't buy", "cant buy", "couldn't buy")


def _narrow(args: dict[str, Any], colour: str | None, size: str | None) -> dict[str, Any]:
    return {**args, **({"colour": colour} if colour else {}), **({"size": size} if size else {})}


def targets(q: Question, catalog: Catalog) -> list[dict[str, Any]]:
    """One argument set per product (or, in a comparison, per colour) the question names."""
    if q.sku:
        return [{"product": q.sku}]
    colours = q.colours if q.mods.compare and len(q.colours) > 1 else [q.colour]
    sizes = q.sizes if q.mods.compare and len(q.sizes) > 1 else [q.size]
    if q.link is not None:
        return [_narrow({"link": q.link}, c, z) for c in colours for z in sizes]
    fitting, all_targets = [], []
    for pid in q.products:
        product = catalog.product(pid)
        for wanted in colours:
            for asked in sizes:
                colour = colour_of(product, wanted) if wanted else None  # type: ignore[arg-type]
                size = size_of(product, asked) if asked else None  # type: ignore[arg-type]
                args = _narrow({"product": pid}, (colour or wanted) if wanted else None, (size or asked) if asked else None)
                all_targets.append(args)
                if any((not wanted or v.colour == colour) and (not asked or v.size == size)
                       for v in product.variants):  # type: ignore[union-attr]
                    fitting.append(args)
    return fitting or all_targets


def _window(q: Question) -> dict[str, Any]:
    return {"window_minutes": q.window_minutes} if q.window_minutes is not None else {}


def _scope(t: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in t.items() if k in ("product", "link")}


def plan(q: Question, catalog: Catalog) -> list[Call] | str:
    """The tool calls that answer the question, or a text answer when something is missing or unclear."""
    found = targets(q, catalog)
    intent = q.intent
    if intent in ("low", "sold_out") and found and not q.listing:
        intent = "stock"  # "黑色L卖完了吗" asks about one variant, not for a list
    if intent is None:
        return fixed_answer("unknown", q, catalog=catalog)
    if q.unknown_warehouse:  # never a figure of another warehouse, or of the whole stock, for it
        return fixed_answer("clarify", q, missing="warehouse", word=q.unknown_warehouse, catalog=catalog)
    if q.unknown_word and not found and intent not in ACTION_INTENTS:
        return fixed_answer("clarify", q, missing="product", word=q.unknown_word, catalog=catalog)
    if intent in ACTION_INTENTS:
        return _plan_action(q, intent, found, catalog)
    if intent in ("sales", "cancellations") and not found and _WHICH.search(q.text) and not q.mods.narrowing:
        return fixed_answer("unknown", q, catalog=catalog)  # a total does not answer "which ..." / "哪些…"
    reader = _READERS.get(intent)
    return reader(q, found, catalog) if reader else fixed_answer("unknown", q, catalog=catalog)


def _stock(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    if not found:
        return fixed_answer("clarify", q, missing="product", catalog=catalog)
    if q.warehouses or _BY_WAREHOUSE.search(q.text):  # issue 17: "广州仓还有多少黑色L" / "各仓库存"
        where = {"warehouse": q.warehouses[0]} if len(q.warehouses) == 1 else {}
        return [("warehouse_stock", {**t, **where}) for t in found]
    calls: list[Call] = [("stock_of", t) for t in found]
    bundles = [t for t in found if _is_bundle(catalog, t)]  # "套装还有吗": its components answer too
    return calls + [("bundle_stock", _scope(t)) for t in bundles]


_BY_WAREHOUSE = re.compile(r"各仓|每个仓|哪个仓|哪些仓|分仓|仓库|\bwarehouses?\b|by warehouse")


def _is_bundle(catalog: Catalog, args: dict[str, Any]) -> bool:
    named = str(args.get("product") or "")
    product = catalog.product(named) or catalog.product_of_sku(named)
    return bool(product and any(v.components for v in product.variants))


def _class(q: Question) -> dict[str, Any]:
    """The ABC tier / product role filter ("A类", "引流款"), for questions about the whole lineup."""
    return {**({"tier": q.mods.tier} if q.mods.tier else {}), **({"product_role": q.mods.role} if q.mods.role else {})}


def _low(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    return [("low_stock", _scope(t)) for t in found] or [("low_stock", _class(q))]


def _sales(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    if q.mods.split == "room":
        return [("sales_split", {"by": "room", **_window(q)})]
    if q.mods.split == "channel":
        extra = {"channels": q.mods.channels} if len(q.mods.channels) > 1 else {}
        return [("sales_split", {"by": "channel", **_window(q), **(found[0] if found else {}), **extra})]
    channel = {"channel": q.mods.channels[0]} if q.mods.channels else {}
    return [("sales_summary", {**_window(q), **t, **channel}) for t in found] or [
        ("sales_summary", {**_window(q), **channel, **_class(q)})]


def _best(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    if q.mods.compare and len(found) > 1:
        return _sales(q, found, catalog)
    extra = {**({"limit": q.limit} if q.limit else {}), **({"by_variant": True} if q.by_variant else {}), **_class(q)}
    return [("best_sellers", {**_window(q), **extra})]


def _forecast(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    return [("sellout_forecast", {**t, **_window(q)}) for t in found] or [("sellout_forecast", {**_window(q), **_class(q)})]


def _demand(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    args: dict[str, Any] = {**_window(q)}
    if any(w in q.text for w in _UNMET):
        args["unmet_only"] = True
    elif q.flagged_only:
        args["flagged_only"] = True
    if found and "product" in found[0] and not q.sku:
        args["product"] = found[0]["product"]
    if q.colour:
        args["colour"] = q.colour
    return [("demand_signals", args)]


def _history(q: Question, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    return [("order_history", t) for t in found] if found else fixed_answer("clarify", q, missing="product",
                                                                            catalog=catalog)


_READERS: dict[str, Callable[[Question, list[dict[str, Any]], Catalog], list[Call] | str]] = {
    "stock": _stock, "low": _low, "sold_out": _low, "sales": _sales, "cancellations": _sales,
    "best_sellers": _best, "forecast": _forecast, "demand": _demand, "history": _history,
    "alerts": lambda q, f, c: [("open_alerts", {})],
    "waitlist": lambda q, f, c: [("waitlist_sizes", t) for t in f] or [("waitlist_sizes", {})],
    "incoming": lambda q, f, c: [("incoming_stock", t) for t in f] or [("incoming_stock", {})],
    "cover": lambda q, f, c: [("stock_cover", t) for t in f] or [("stock_cover", {})],
    "report": lambda q, f, c: [("session_report", {})],
    "refusals": lambda q, f, c: [("order_refusals", _window(q))],
    "oversell": lambda q, f, c: [("oversell_check", {})],
    "cold": lambda q, f, c: [("cold_products", _window(q))],
}


def _plan_action(q: Question, intent: str, found: list[dict[str, Any]], catalog: Catalog) -> list[Call] | str:
    tool, amount = _ACTION_TOOLS[intent]
    value: int | None = q.quantity
    if q.mods.clearing:
        value = None if intent == "flash_cap" else 0  # no flash cap at all; a buyer limit of 0 is no limit
    elif value is None:
        return fixed_answer("clarify", q, missing="quantity", catalog=catalog)
    if not found:
        return fixed_answer("clarify", q, missing="product", catalog=catalog)
    if len(found) > 1:
        names = [catalog.product(t["product"]) for t in found]
        options = ", ".join(f"{p.id} {p.display_name_zh if q.lang == 'zh' else p.display_name_en}" for p in names if p)
        return fixed_answer("clarify", q, missing="one_product", word=q.raw, options=options, catalog=catalog)
    if intent == "transfer":  # issue 17: both ends must be named, as warehouses of the catalog
        if not (q.source and q.target):
            return fixed_answer("clarify", q, missing="warehouses", catalog=catalog)
        return [(tool, {amount: value, "source": q.source, "target": q.target, **found[0]})]
    if intent in ("pack", "unpack"):  # issue 17: a whole kit, at the one warehouse named (if any)
        where = {"warehouse": q.warehouses[0]} if len(q.warehouses) == 1 else {}
        return [(tool, {amount: value, **_scope(found[0]), **where})]
    return [(tool, {amount: value, **found[0]})]
