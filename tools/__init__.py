"""The agent's tools, grouped by what they touch (stock, sales, demand, alerts, report, actions).

``OPS_TOOLS`` and ``WRITE_TOOLS`` are resolved lazily (PEP 562): importing this package, e.g. for a
comment tool list, does not import ``tools.actions``. Only the ops agent ever asks for them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMENT_TOOLS", "OPS_TOOLS", "READ_TOOLS", "WRITE_TOOLS"]


def _read_tools() -> list[Any]:
    from tools.alerts import open_alerts
    from tools.demand import demand_signals
    from tools.report import session_report
    from tools.sales import best_sellers, order_history, sales_split, sales_summary, sellout_forecast
    from tools.session import cold_products, order_refusals, oversell_check
    from tools.stock import incoming_stock, low_stock, stock_cover, stock_of

    return [stock_of, low_stock, incoming_stock, stock_cover, sales_summary, sales_split, best_sellers, sellout_forecast,
            order_history, demand_signals, open_alerts, session_report, order_refusals, oversell_check,
            cold_products]


def _write_tools() -> list[Any]:
    from tools.actions import (
        propose_buyer_limit,
        propose_count_correction,
        propose_flash_cap,
        propose_restock,
        propose_safety_stock,
    )

    return [propose_restock, propose_count_correction, propose_safety_stock, propose_flash_cap, propose_buyer_limit]


def __getattr__(name: str) -> Any:
    if name == "READ_TOOLS":
        return _read_tools()
    if name == "WRITE_TOOLS":
        return _write_tools()
    if name == "OPS_TOOLS":
        return _read_tools() + _write_tools()
    if name == "COMMENT_TOOLS":  # read-only tools of the live-comment agent (tools/comments.py)
        from tools.comments import COMMENT_TOOLS

        return COMMENT_TOOLS
    raise AttributeError(f"module 'tools' has no attribute {name!r}")
