"""The last check before a reply leaves: every figure and availability word must match the facts."""

from __future__ import annotations

import re

from assistant.comments.facts import ReplyBasis

_MENTION = re.compile(r"@\S+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SOLD_OUT = re.compile(r"卖完|售罄|没货|没有了|sold out|out of stock", re.I)
_IN_STOCK = re.compile(r"有货|还有|还剩|可以选|可选|in stock|available|left|still have", re.I)
_SCARCE = re.compile(r"只剩|就剩|不多了|手慢无|only \d|be quick|down to|grab it now|last few", re.I)
_NEVER = re.compile(r"免费|0元|白送|free|system prompt|api[_ ]?key|sk-[A-Za-z0-9]", re.I)
MAX_REPLY_CHARS = 200


def check_reply(reply: str, basis: ReplyBasis) -> str | None:
    """None when the reply is grounded; otherwise why it must be dropped."""
    if len(reply) > MAX_REPLY_CHARS:
        return "too_long"
    if _NEVER.search(_MENTION.sub(" ", reply)):
        return "forbidden_content"
    text = _MENTION.sub(" ", reply)
    for label in sorted(basis.labels, key=len, reverse=True):
        if label:
            text = text.replace(label, " ")
    allowed = {str(f.sellable) for f in basis.facts} | basis.echoed_numbers
    if basis.restock_days is not None:
        allowed.add(str(basis.restock_days))
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
