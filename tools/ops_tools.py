"""The ops agent's tool lists. Only the ops agent imports this module: it is the one that binds write tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.actions import (
    propose_buyer_limit,
    propose_count_correction,
    propose_flash_cap,
    propose_pack,
    propose_restock,
    propose_safety_stock,
    propose_transfer,
    propose_unpack,
)
from tools.alerts import open_alerts
from tools.demand import demand_signals
from tools.report import session_report
from tools.sales import best_sellers, order_history, sales_split, sales_summary, sellout_forecast
from tools.session import cold_products, order_refusals, oversell_check
from tools.stock import incoming_stock, low_stock, stock_cover, stock_of
from tools.waitlist import waitlist_sizes
from tools.warehouses import bundle_stock, warehouse_stock

READ_TOOLS: list[Callable[..., Any]] = [stock_of, low_stock, incoming_stock, stock_cover, sales_summary, sales_split, best_sellers,
              sellout_forecast, order_history, demand_signals, open_alerts, session_report, order_refusals,
              oversell_check, cold_products, waitlist_sizes, warehouse_stock, bundle_stock]
WRITE_TOOLS: list[Callable[..., Any]] = [propose_restock, propose_count_correction, propose_safety_stock, propose_flash_cap,
               propose_buyer_limit, propose_transfer, propose_pack, propose_unpack]
OPS_TOOLS = READ_TOOLS + WRITE_TOOLS
