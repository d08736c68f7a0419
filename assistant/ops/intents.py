"""Which kind of ops question this is, from keywords (zh + en); the first matching rule wins."""

from __future__ import annotations

import re

ACTION_INTENTS = ("restock", "count_correction", "safety_stock", "buyer_limit", "flash_cap", "transfer", "pack",
                  "unpack")

# A read that mentions a restock ("有补货在路上吗", "补货啥时候到") is about incoming stock, not a write.
_ASKS_WHEN = r"什么时候|啥时候|几时|到了|到货|几点|哪天|多久|在路上|有没有|有吗|吗\s*[?？]?$|when|coming|\bdue\b|arriv|\beta\b|on the way"
# Ways to say "sold out" ("卖空" / "清空" as staff also say it), shared by the forecast and sold-out rules.
_GONE = r"卖完|卖光|卖空|卖没|售罄|售空|没货|断货|清空"
# Order matters: "什么时候卖完" is a forecast before it is "sold out"; "快卖完" is low before sold out.
_RULES: tuple[tuple[str, str], ...] = (
    ("oversell", r"超卖|卖超|oversell|oversold|over-sold"),
    ("refusals", r"被拒|拒单|拒绝|没下单成功|下单失败|refus|reject|declined|failed orders"),
    ("safety_stock", r"安全库存|safety stock|safety buffer"),
    ("buyer_limit", r"限购|每人(?:最多|限)|buyer limit|per buyer|per customer|limit (?:each|per)"),
    ("flash_cap", r"秒杀|闪购|限量|flash|(?:sales?|sell(?:ing)?) cap|\bcap (?:it |them )?(?:at|to) \d"),
    ("count_correction", r"盘点|盘到|实际(?:库存|只有|还有)|库存(?:改成|改为|调成|调为|设为|修正)|"
                         r"recount|correct(?:ion)?|set (?:the )?stock|stock (?:is|to) actually|actually (?:have|has|only)|\bcount(?:ed)? "),
    ("waitlist", r"在等|等货|蹲|到货提醒|登记.*提醒|等待名单|候补名单|waitlist|wait ?list|waiting (?:for|on)|notify"),
    ("cover", r"够卖|还能卖几天|能卖几天|卖几天|几天的货|撑几天|days? of (?:cover|stock)|how many days|\bcover\b|reorder"),
    ("incoming", rf"(?:什么时候|啥时候|几时|何时|哪天)(?:能|会|才)?补(?:货|到|上|回来|进来)|在途|在路上|入库|还有货来|(?:什么时候|啥时候|几时|何时|哪天)(?:能)?到|incoming|on the way|shipment|inbound|\beta\b|(?:补货|restock|到货).*(?:{_ASKS_WHEN})"),
    ("transfer", r"调货|调拨|调仓|移库|从.{1,10}调|调\s?\d+\s?(?:件|个|条|双|支|盒)|调.{0,16}(?:到|去|往).{0,8}仓|"
                 r"\btransfers?\b|\bmove \d+ .*\bto\b"),
    # issue 17: kits of a pre-packed bundle; a number of sets must follow ("打包好的礼盒还有多少" is stock)
    ("unpack", r"拆(?:开|散|掉|包|套|盒)?\s?\d+\s?(?:套|盒|份|个)|拆(?:包|套|盒|开).{0,10}?\d+\s?(?:套|盒|份|个)|"
               r"\bunpack(?:ing)? \d+|\bbreak (?:up|open) \d+"),
    ("pack", r"打包\s?\d+|打包.{0,10}?\d+\s?(?:套|盒|份|个)|组装\s?\d+\s?(?:套|盒)|"
             r"\bpack(?:ing)? \d+|\bassemble \d+"),
    ("restock", r"补货|补\s?\d|加\s?\d+\s?件|进货\s?\d|增加\s?\d|\b(?:restock|replenish)\b|add \d+|top up"),
    ("report", r"报告|复盘|总结|战报|对账|report|recap|summary|wrap.?up|reconcil"),
    ("cancellations", r"取消|退单|退款单|撤单|退了|退掉|被退|cancel"),
    ("cold", r"不动销|没动销|没成交|没有成交|没出单|零成交|没怎么卖|卖不动|滞销|没人买|冷门|not selling|aren'?t selling|isn'?t selling|cold|not moving|"
             r"no sales"),
    ("forecast", rf"多久(?:能|会|就)?(?:{_GONE})|什么时候(?:会|能)?(?:{_GONE})|还能(?:卖|撑)多久|能撑多久|"
                 rf"(?:预计|预测).*(?:{_GONE})|几点(?:{_GONE})|售罄时间|最先(?:{_GONE})|先(?:{_GONE})|(?:{_GONE})(?:要|得)?多久|"
                 r"when will|when does|when do|how long (?:will|until|before)|how long.*last|sell out by|run(?:s)? out|"
                 r"sell(?:s|ing)? out (?:first|soonest|next)|(?:first|soonest|next) to (?:sell|run) out|going to (?:sell|run) out|forecast"),
    ("demand", r"在问|问什么|问得最多|问的最多|问最多|问的人|有人问|谁在问|想要|最想|想买|求链接|都在要|需求|买不到|"
               r"asking|asked|\basks?\b|demand|requests?\b|want"),
    ("best_sellers", r"销量第一|卖得第一|第一名|卖得最好|卖的最好|最畅销|卖得最多|卖的最多|卖最多|卖最好|最火|爆款|销量最高|销量前|销量排行|排行|\btop\b\s?\d*|"
                     r"best.?sell|number one seller|#1 seller|(?:selling|sold|sells?|selling the) best|sold (?:the )?most|most (?:sold|popular)|top sell"),
    ("alerts", r"告警|警报|提醒|预警|提示卡|提词|手卡|口播卡|卡片|alert|alarm|warning|cards?\b"),
    ("history", r"订单记录|流水|记录|历史|明细|history|movements?|order log|ledger entries|recent orders"),
    ("low", r"快卖完|快没|快断|库存低|库存紧张|不多了|库存不多|低库存|快售罄|紧张|low|almost (?:gone|out|sold)|running out|nearly"),
    ("sold_out", rf"{_GONE}|卖断|缺货|已经没了|都没了|没了吗|sold out|out of stock|none left"),
    ("sales", r"(?<![能以])卖了?多少(?!钱)|(?<![能以])卖了?几(?:件|个|条|双|单|套|顶|份)|卖了几|卖出|销量|成交|销售|多少单|几单|出了多少|卖得(?:怎么样|如何|多快|好|快|多)|卖的(?:咋样|怎么样|如何|好|快|多)|好卖|走得快|走的快|走量|出货|"
              r"怎么样了|咋样|速度|\bsold\b|sales|velocity|per hour|orders?\b|selling|sells?\b|how(?:'s| is| are) (?:it|we)|doing"),
    ("stock", r"(?<![a-z])kc(?![a-z])|余量|剩余|还剩|剩多少|剩几|剩下|剩得|还有多少|还有几|库存|多少件|有货|还有吗|还有没|有没有|可售|能卖|可以卖|how many|how much|stock|left|"
              r"available|inventory|remaining|\bqty\b"),
)
_COMPILED = tuple((intent, re.compile(pattern)) for intent, pattern in _RULES)
# "取消限购" / "remove the flash cap": a policy being cleared, not a cancellation question.
CLEARING = re.compile(r"取消|去掉|清掉|清除|删掉|撤掉|不限|解除|remove|clear|drop|lift|no (?:more )?(?:limit|cap)")


def detect_intent(text: str) -> str | None:
    for intent, pattern in _COMPILED:
        if pattern.search(text):
            if intent == "cancellations" and _policy_word(text):
                continue
            return intent
    return None


def _policy_word(text: str) -> bool:
    return bool(re.search(r"限购|上限|秒杀|限量|limit|cap\b|安全库存|safety", text))
