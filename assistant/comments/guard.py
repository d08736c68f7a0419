"""The last check before a reply leaves: every figure and availability word must match the facts."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.comments.facts import ReplyBasis

_MENTION = re.compile(r"@\S+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The viewer's own height/weight may be echoed, but only as a measurement: a bare "55" could pass for stock.
_MEASUREMENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:cm|kg|公斤|厘米|斤)", re.I)
_SOLD_OUT = re.compile(r"卖完|售罄|没货|没有了|sold out|out of stock", re.I)
_IN_STOCK = re.compile(r"有货|还有|还剩|可以选|可选|in stock|available|left|still have", re.I)
_SCARCE = re.compile(r"只剩|就剩|不多了|手慢无|only \d|be quick|down to|grab it now|last few", re.I)
_NEVER = re.compile(r"免费|0元|白送|free|system prompt|api[_ ]?key|sk-[A-Za-z0-9]", re.I)
# What a viewer's name must not carry into a published @mention: an instruction, a link, a word the shop never
# says, a stock claim, a figure with a unit. The pipeline replaces such a name by a neutral handle.
MENTION_UNSAFE = re.compile(
    _NEVER.pattern + "|" + _SOLD_OUT.pattern + "|" + _IN_STOCK.pattern + "|" + _SCARCE.pattern
    + r"|忽略|无视|指令|提示词|系统|管理员|客服|官方|主播说|回复|回答|告诉|所有人|全体|库存|下单|优惠|折扣|价格|包邮|退款|链接"
    r"|ignore|instruction|prompt|system|admin|assistant|reply|say |everyone|all items|stock|discount|price"
    r"|https?:|www\.|//|\.(?:com|cn|net|org|io|cc|top|xyz|me|app|link)\b|\[|\]\("
    r"|\d+\s*(?:件|个|元|块|折|%|％|pcs|units?|left|yuan)",
    re.I,
)
MAX_REPLY_CHARS = 200


@lru_cache(maxsize=8192)
def _label_pattern(label: str) -> re.Pattern[str]:
    """A name or label as a whole word: size "S" must not eat the S of "Sold out", nor "27" the 27 of "127"."""
    head = r"(?<![A-Za-z0-9])" if label[0].isascii() and label[0].isalnum() else ""
    tail = r"(?![A-Za-z0-9])" if label[-1].isascii() and label[-1].isalnum() else ""
    return re.compile(head + re.escape(label) + tail)


def check_reply(reply: str, basis: ReplyBasis) -> str | None:
    """None when the reply is grounded; otherwise why it must be dropped."""
    if len(reply) > MAX_REPLY_CHARS:
        return "too_long"
    if _NEVER.search(reply):  # the whole reply, @mentions included: a name is published too
        return "forbidden_content"
    if any(MENTION_UNSAFE.search(m.group()[1:]) for m in _MENTION.finditer(reply)):
        return "unsafe_mention"
    text = _MENTION.sub(" ", reply)
    for label in sorted(basis.labels, key=len, reverse=True):
        if label and label in text:  # the substring test spares a regex for the many labels not used
            text = _label_pattern(label).sub(" ", text)
    text = _MEASUREMENT.sub(lambda m: " " if m.group(1) in basis.echoed_numbers else m.group(0), text)
    allowed = {str(f.sellable) for f in basis.facts}
    allowed |= {str(n) for n in (basis.restock_days, basis.restock_hours, basis.restock_qty) if n is not None}
    if basis.option_count:
        allowed.add(str(basis.option_count))
    for number in _NUMBER.findall(text):
        if number not in allowed:
            return f"unsupported_number:{number}"
    if _SOLD_OUT.search(text) and not any(f.sellable == 0 for f in basis.facts):
        return "claims_sold_out"
    if _IN_STOCK.search(text) and not any(f.sellable > 0 for f in basis.facts):
        return "claims_in_stock"
    if _SCARCE.search(_MENTION.sub(" ", reply)) and not any(f.status == "low" for f in basis.facts):
        return "claims_scarcity"
    return None
