"""Writes tests/ops/data/ops-questions.jsonl: each question with the tool calls and the figures expected.

Run `python -m tests.ops.make_ops_questions` after changing the scenario or the questions. Figures come
from tests/ops/oracle.py (scenario arithmetic), never from the engine under test.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.ops import oracle
from tests.ops.expected_figures import (
    DEMAND_10,
    DEMAND_ALL,
    DEMAND_UNMET,
    LINEUP,
    F,
    best,
    forecast,
    forecast_lineup,
    history,
    low,
    propose,
    report,
    sales,
    stock,
    variants,
)

OUT = Path(__file__).parent / "data" / "ops-questions.jsonl"
Spec = tuple[str, list[tuple[str, dict[str, Any]]], Callable[[], F] | None, str]
A, U, C = "answer", "unknown", "clarify"
HD_BLK_L = [("stock_of", {"product": "HD-101", "colour": "black", "size": "L"}),
            ("stock_of", {"product": "HD-102", "colour": "black", "size": "L"})]


def specs() -> list[Spec]:
    return [
        ("黑色卫衣L码还剩多少", HD_BLK_L, lambda: stock(["HD-101-BLK-L"]) | stock(["HD-102-BLK-L"]), A),
        ("连帽卫衣黑色L还剩多少", HD_BLK_L[:1], lambda: stock(["HD-101-BLK-L"]), A),
        ("灰色M卫衣还有多少件", [("stock_of", {"product": "HD-101", "colour": "grey", "size": "M"})],
         lambda: stock(["HD-101-GRY-M"]), A),
        ("HD-101-APR-XL 库存", [("stock_of", {"product": "HD-101-APR-XL"})], lambda: stock(["HD-101-APR-XL"]), A),
        ("how many grey M hoodies are left", [("stock_of", {"product": "HD-101", "colour": "grey", "size": "M"})],
         lambda: stock(["HD-101-GRY-M"]), A),
        ("link 1 black M stock", [("stock_of", {"link": 1, "colour": "black", "size": "M"})],
         lambda: stock(["HD-101-BLK-M"]), A),
        ("3号链接红色M还剩几件", [("stock_of", {"link": 3, "colour": "red", "size": "M"})],
         lambda: stock(["DR-201-RED-M"]), A),
        ("口红正红还有多少", [("stock_of", {"product": "LP-501", "colour": "#999 正红"})], lambda: stock(["LP-501-999"]), A),
        ("面膜还剩多少", [("stock_of", {"product": "MK-601"})], lambda: stock(["MK-601"]), A),
        ("how much stock of the crewneck in white L", [("stock_of", {"product": "HD-102", "colour": "white", "size": "L"})],
         lambda: stock(["HD-102-WHT-L"]), A),
        ("牛仔裤黑色28码还剩多少", [("stock_of", {"product": "JN-301", "colour": "black", "size": "28"})],
         lambda: stock(["JN-301-BLK-28"]), A),
        ("老爹鞋白色38码库存", [("stock_of", {"product": "SN-401", "colour": "white", "size": "38"})],
         lambda: stock(["SN-401-WHT-38"]), A),
        ("is the pink XL down jacket sold out?", [("stock_of", {"product": "DJ-701", "colour": "pink", "size": "XL"})],
         lambda: stock(["DJ-701-PNK-XL"]), A),
        ("杏色XL卖完了吗", [("stock_of", {"product": "HD-101", "colour": "apricot", "size": "XL"})],
         lambda: stock(["HD-101-APR-XL"]), A),
        ("DR-201-BLU-XS 还有吗", [("stock_of", {"product": "DR-201-BLU-XS"})], lambda: stock(["DR-201-BLU-XS"]), A),
        ("羽绒服粉色S还剩多少", [("stock_of", {"product": "DJ-701", "colour": "pink", "size": "S"})],
         lambda: stock(["DJ-701-PNK-S"]), A),
        ("how many black L crewnecks are left", [("stock_of", {"product": "HD-102", "colour": "black", "size": "L"})],
         lambda: stock(["HD-102-BLK-L"]), A),
        ("2号链接还剩多少", [("stock_of", {"link": 2})], lambda: stock(variants("HD-102")), A),
        ("帆布鞋库存", [("stock_of", {"product": "SN-402"})], lambda: stock(variants("SN-402")), A),
        ("how many lipsticks are left", [("stock_of", {"product": "LP-501"})], lambda: stock(variants("LP-501")), A),
        ("吊带裙卡其色还有多少", [("stock_of", {"product": "DR-202", "colour": "khaki"})],
         lambda: stock(variants("DR-202", "khaki")), A),
        ("stock of the jeans in black", [("stock_of", {"product": "JN-301", "colour": "black"})],
         lambda: stock(variants("JN-301", "black")), A),
        ("3号链接还有多少库存", [("stock_of", {"link": 3})], lambda: stock(variants("DR-201")), A),
        ("哪些快卖完了", [("low_stock", {})], lambda: low(LINEUP), A),
        ("what's running low?", [("low_stock", {})], lambda: low(LINEUP), A),
        ("what's sold out on link 3", [("low_stock", {"link": 3})], lambda: low(variants("DR-201"), "sold_out"), A),
        ("哪些卖完了", [("low_stock", {})], lambda: low(LINEUP, "sold_out"), A),
        ("3号链接有哪些卖完了", [("low_stock", {"link": 3})], lambda: low(variants("DR-201"), "sold_out"), A),
        ("卫衣哪些码快没了", [("low_stock", {"product": "HD-101"}), ("low_stock", {"product": "HD-102"})],
         lambda: low(variants("HD-101")) | low(variants("HD-102")), A),
        ("list the sold-out variants", [("low_stock", {})], lambda: low(LINEUP, "sold_out"), A),
        ("which shoes are out of stock", [("low_stock", {"product": "SN-401"})],
         lambda: low(variants("SN-401"), "sold_out"), A),
        ("库存紧张的有哪些", [("low_stock", {})], lambda: low(LINEUP), A),
        ("anything low on link 10?", [("low_stock", {"link": 10})], lambda: low(variants("DJ-701")), A),
        ("6号链接哪些码快卖完了", [("low_stock", {"link": 6})], lambda: low(variants("SN-401")), A),
        ("最近一小时卖了多少", [("sales_summary", {"window_minutes": 60})], lambda: sales(60, LINEUP), A),
        ("最近半小时卖了多少件", [("sales_summary", {"window_minutes": 30})], lambda: sales(30, LINEUP), A),
        ("how many units sold in the last 30 minutes", [("sales_summary", {"window_minutes": 30})],
         lambda: sales(30, LINEUP), A),
        ("本场卖了多少", [("sales_summary", {})], lambda: sales(None, LINEUP), A),
        ("sales of the hoodie in the last hour", [("sales_summary", {"window_minutes": 60, "product": "HD-101"})],
         lambda: sales(60, variants("HD-101")), A),
        ("口红今天卖了多少", [("sales_summary", {"product": "LP-501"})], lambda: sales(None, variants("LP-501")), A),
        ("黑色L卫衣最近一小时卖了几件",
         [("sales_summary", {"window_minutes": 60, **a}) for _, a in HD_BLK_L],
         lambda: sales(60, ["HD-101-BLK-L"]) | sales(60, ["HD-102-BLK-L"]), A),
        ("2号链接卖了多少单", [("sales_summary", {"link": 2})], lambda: sales(None, variants("HD-102")), A),
        ("what's the sales velocity of masks in the last 30 minutes",
         [("sales_summary", {"window_minutes": 30, "product": "MK-601"})], lambda: sales(30, ["MK-601"]), A),
        ("连衣裙最近20分钟销量", [("sales_summary", {"window_minutes": 20, "product": "DR-201"})],
         lambda: sales(20, variants("DR-201")), A),
        ("现在卖得怎么样", [("sales_summary", {})], lambda: sales(None, LINEUP), A),
        ("how many orders in the last hour", [("sales_summary", {"window_minutes": 60})], lambda: sales(60, LINEUP), A),
        ("最近两小时卖了多少", [("sales_summary", {"window_minutes": 120})], lambda: sales(120, LINEUP), A),
        ("最近半小时卖得最好的是什么", [("best_sellers", {"window_minutes": 30})], lambda: best(30), A),
        ("best sellers in the last hour", [("best_sellers", {"window_minutes": 60})], lambda: best(60), A),
        ("本场最畅销的商品", [("best_sellers", {})], lambda: best(None), A),
        ("top 3 products today", [("best_sellers", {"limit": 3})], lambda: best(None, 3), A),
        ("哪个规格卖得最好", [("best_sellers", {"by_variant": True})], lambda: best(None, by_variant=True), A),
        ("what sold the most in the last 2 hours?", [("best_sellers", {"window_minutes": 120})], lambda: best(120), A),
        ("销量前三", [("best_sellers", {"limit": 3})], lambda: best(None, 3), A),
        ("最近10分钟卖最多的", [("best_sellers", {"window_minutes": 10})], lambda: best(10), A),
        ("which variants sold best in the last hour", [("best_sellers", {"window_minutes": 60, "by_variant": True})],
         lambda: best(60, by_variant=True), A),
        ("口红多久卖完", [("sellout_forecast", {"product": "LP-501"})], lambda: forecast(variants("LP-501")), A),
        ("when will the black L hoodie sell out",
         [("sellout_forecast", {"product": "HD-101", "colour": "black", "size": "L"})],
         lambda: forecast(["HD-101-BLK-L"]), A),
        ("什么时候会卖完", [("sellout_forecast", {})], lambda: forecast_lineup(), A),
        ("杏色XL什么时候卖完", [("sellout_forecast", {"product": "HD-101", "colour": "apricot", "size": "XL"})],
         lambda: forecast(["HD-101-APR-XL"]), A),
        ("how long will the masks last", [("sellout_forecast", {"product": "MK-601"})], lambda: forecast(["MK-601"]), A),
        ("2号链接黑色L还能卖多久", [("sellout_forecast", {"link": 2, "colour": "black", "size": "L"})],
         lambda: forecast(["HD-102-BLK-L"]), A),
        ("按最近一小时的速度，连帽卫衣灰色M多久卖完",
         [("sellout_forecast", {"product": "HD-101", "colour": "grey", "size": "M", "window_minutes": 60})],
         lambda: forecast(["HD-101-GRY-M"], 60), A),
        ("牛仔裤什么时候卖完", [("sellout_forecast", {"product": "JN-301"})], lambda: forecast(variants("JN-301")), A),
        ("大家都在问什么", [("demand_signals", {})], lambda: DEMAND_ALL, A),
        ("what are viewers asking about", [("demand_signals", {})], lambda: DEMAND_ALL, A),
        ("最近10分钟大家在问什么", [("demand_signals", {"window_minutes": 10})], lambda: DEMAND_10, A),
        ("有哪些想买买不到的需求", [("demand_signals", {"unmet_only": True})], lambda: DEMAND_UNMET, A),
        ("show unmet demand", [("demand_signals", {"unmet_only": True})], lambda: DEMAND_UNMET, A),
        ("有什么告警", [("open_alerts", {})], lambda: {1}, A),
        ("any open alerts?", [("open_alerts", {})], lambda: {1}, A),
        ("现在有哪些库存提醒", [("open_alerts", {})], lambda: {1}, A),
        ("在途的货有哪些", [("incoming_stock", {})], lambda: {20, 90}, A),
        ("杏色XL的补货什么时候到", [("incoming_stock", {"product": "HD-101", "colour": "apricot", "size": "XL"})],
         lambda: {20, 90}, A),
        ("anything incoming for the hoodie?", [("incoming_stock", {"product": "HD-101"})], lambda: {20, 90}, A),
        ("羽绒服有没有在途", [("incoming_stock", {"product": "DJ-701"})], lambda: set(), A),
        ("HD-101-BLK-L的订单记录", [("order_history", {"product": "HD-101-BLK-L"})], lambda: history("HD-101-BLK-L"), A),
        ("order history of the red M dress", [("order_history", {"product": "DR-201", "colour": "red", "size": "M"})],
         lambda: history("DR-201-RED-M"), A),
        ("灰色M卫衣最近的流水", [("order_history", {"product": "HD-101", "colour": "grey", "size": "M"})],
         lambda: history("HD-101-GRY-M"), A),
        ("本场报告", [("session_report", {})], report, A),
        ("give me the session summary", [("session_report", {})], report, A),
        ("对账有没有问题", [("session_report", {})], report, A),
        ("把灰色M补货50件", [("propose_restock", {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"})],
         lambda: propose("HD-101-GRY-M", 50), A),
        ("restock grey M hoodie by 50", [("propose_restock", {"qty": 50, "product": "HD-101", "colour": "grey", "size": "M"})],
         lambda: propose("HD-101-GRY-M", 50), A),
        ("黑色L卫衣补货20件", [], None, C),
        ("连帽卫衣黑色L盘点实际只有100件",
         [("propose_count_correction", {"stock": 100, "product": "HD-101", "colour": "black", "size": "L"})],
         lambda: propose("HD-101-BLK-L", 100, oracle.skus()["HD-101-BLK-L"].stock), A),
        ("set the safety stock of the lipstick #999 to 20",
         [("propose_safety_stock", {"value": 20, "product": "LP-501", "colour": "#999 正红"})],
         lambda: propose("LP-501-999", 20), A),
        ("口红#314每人限购2支", [("propose_buyer_limit", {"value": 2, "product": "LP-501", "colour": "#314 豆沙"})],
         lambda: propose("LP-501-314", 2), A),
        ("2号链接白色M秒杀上限100件", [("propose_flash_cap", {"value": 100, "link": 2, "colour": "white", "size": "M"})],
         lambda: propose("HD-102-WHT-M", 100), A),
        ("面膜限购5盒", [("propose_buyer_limit", {"value": 5, "product": "MK-601"})], lambda: propose("MK-601", 5), A),
        ("卫衣灰色M补货", [], None, C),
        ("safety stock for jeans black 30 to 2",
         [("propose_safety_stock", {"value": 2, "product": "JN-301", "colour": "black", "size": "30"})],
         lambda: propose("JN-301-BLK-30", 2), A),
        ("今天天气怎么样", [], None, U),
        ("主播叫什么名字", [], None, U),
        ("what's the meaning of life", [], None, U),
        ("风衣还剩多少", [], None, C),
        ("帮我写一首诗", [], None, U),
        ("how many trench coats are left", [], None, C),
        ("退款率是多少", [], None, U),
    ]


def main() -> None:
    lines = []
    for question, calls, figures, kind in specs():
        expected = sorted(figures()) if figures else []
        lines.append(json.dumps({"question": question, "kind": kind,
                                 "tool_calls": [{"name": n, "args": a} for n, a in calls],
                                 "figures": expected}, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} questions -> {OUT}")


if __name__ == "__main__":
    main()
