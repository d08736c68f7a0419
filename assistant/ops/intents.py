"""Which kind of ops question this is, from keywords (zh + en); the first matching rule wins."""

from __future__ import annotations

import re

ACTION_INTENTS = ("restock", "count_correction", "safety_stock", "buyer_limit", "flash_cap")

# Order matters: "什么时候卖完" is a forecast before it is "sold out"; "快卖完" is low before sold out.
_RULES: tuple[tuple[str, str], ...] = (
    ("safety_stock", r"安全库存|safety stock|safety buffer"),
    ("buyer_limit", r"限购|每人(?:最多|限)|buyer limit|per buyer|per customer|limit (?:each|per)"),
    ("flash_cap", r"秒杀|闪购|限量|flash|(?<!buyer )\bcap\b"),
    ("count_correction", r"盘点|盘到|实际(?:库存|只有|还有)|库存(?:改成|改为|调成|调为|设为|修正)|(?:改成|改为)\s?\d+|"
                         r"recount|correct(?:ion)?|set (?:the )?stock|stock (?:is|to) actually|actually (?:have|has|only)|\bcount(?:ed)? "),
    ("restock", r"补货(?!.*(?:什么时候|到了|到货|几点|哪天|多久))|补\s?\d|加\s?\d+\s?件|进货\s?\d|增加\s?\d|^(?!.*(?:when|coming|\bdue\b|arriv|\beta\b)).*\b(?:restock|replenish)\b|add \d+|top up"),
    ("incoming", r"在途|到货|入库|什么时候到|补货.*(?:到|来)|还有货来|incoming|on the way|shipment|arriv|inbound|\beta\b|restock.*(?:coming|due|when)"),
    ("report", r"报告|复盘|总结|战报|对账|report|recap|summary|wrap.?up|reconcil"),
    ("forecast", r"多久(?:能|会|就)?卖完|什么时候(?:会|能)?卖完|还能卖多久|(?:预计|预测).*(?:卖完|售罄)|几点卖完|售罄时间|"
                 r"when will|how long (?:will|until|before)|how long.*last|sell out by|run out|forecast"),
    ("best_sellers", r"卖得最好|卖的最好|最畅销|卖得最多|卖的最多|卖最多|卖最好|最火|爆款|销量最高|销量前|销量排行|排行|\btop\b\s?\d*|"
                     r"best.?sell|(?:selling|sold|sells?|selling the) best|sold (?:the )?most|most (?:sold|popular)|top sell"),
    ("demand", r"在问|问什么|问得最多|问的最多|问最多|想要什么|需求|求链接|都在要|asking|asked|ask about|demand|requests?\b|want"),
    ("alerts", r"告警|警报|提醒|预警|alert|alarm|warning|card"),
    ("history", r"订单记录|流水|记录|历史|明细|history|movements?|order log|ledger entries|recent orders"),
    ("low", r"快卖完|快没|快断|库存低|库存紧张|不多了|低库存|快售罄|紧张|low|almost (?:gone|out|sold)|running out|nearly"),
    ("sold_out", r"卖完|售罄|断货|没货|卖光|缺货|sold out|out of stock|none left"),
    ("sales", r"卖了多少|卖了几|卖出|销量|成交|销售|多少单|几单|卖得(?:怎么样|如何|多快)|速度|\bsold\b|sales|velocity|per hour|orders?\b|selling"),
    ("stock", r"还剩|剩多少|剩几|剩下|还有多少|还有几|库存|多少件|有货|还有吗|有没有|可售|能卖|how many|how much|stock|left|"
              r"available|inventory|remaining"),
)
_COMPILED = tuple((intent, re.compile(pattern)) for intent, pattern in _RULES)


def detect_intent(text: str) -> str | None:
    for intent, pattern in _COMPILED:
        if pattern.search(text):
            return intent
    return None
