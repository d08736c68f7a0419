"""What in a comment means "tell me when it is back" or "I don't want it any more" (normalised text, zh + en)."""

from __future__ import annotations

import re

from assistant.vocab.text import compile_fast, normalise

JOIN = compile_fast(
    r"蹲|想要|求补|补货提醒|到货提醒|到货通知|补货通知|上货提醒|等补货|等到货|等货|等返场|求返场|求上架|登记|预约|预定|留一[件个]"
    r"|(?:有货|补货|补了|到货|回来|返场|上了)了?.{0,4}(?:叫|告诉|通知|提醒|喊|@|艾特|私信|滴滴)(?:我|一下|下我)"
    r"|(?:提醒|通知|告诉|叫|喊|艾特|@)我(?:一下|一声)?"
    r"|notify me|let me know|tell me when|ping me|message me|dm me|wait ?list|put me (?:down|on)|sign me up"
    r"|when (?:it'?s|it is|they'?re|they are|\w+ is|\w+ are|\w+ comes?) back|back in stock.{0,20}(?:me|please|pls)"
    r"|i(?:'d| would)? (?:want|like) (?:one|it|a|an|the|this|size|\w+ in)|i'?ll wait"
)
LEAVE = compile_fast(
    r"不要了|不蹲了|不等了|不用等了|不想要了|不需要了|算了不要|取消(?:提醒|登记|预约|预定|到货提醒|等待|蹲)|别(?:提醒|通知|@|艾特)我|不用(?:提醒|通知)"
    r"|\bcancel\b|never ?mind|don'?t (?:need|want) (?:it|one|this)|no longer (?:need|want)|unsubscribe|remove me|take me off"
    r"|stop (?:notif|remind|ping)|not interested"
)
# A leave word about an order or a refund is not about a waitlist: "取消订单", "cancel my order".
ABOUT_ORDERS = compile_fast(r"订单|退款|退货|付款|order|refund|payment|purchase")
# "帮@小红蹲一个", "for my friend": a comment speaks for its writer only, so these join nobody.
FOR_SOMEONE_ELSE = re.compile(r"@\S|帮(?:她|他|朋友|姐妹|闺蜜|我妈|我老婆|老公|家人|别人)|for (?:my|her|him|a friend|someone)",
                              re.IGNORECASE)


def _text(raw: str) -> str:
    return normalise(raw).text


def wants_to_join(raw: str) -> bool:
    return bool(JOIN.search(_text(raw)))


def wants_to_leave(raw: str) -> bool:
    text = _text(raw)
    return bool(LEAVE.search(text)) and not ABOUT_ORDERS.search(text)


def speaks_for_someone_else(raw: str) -> bool:
    return bool(FOR_SOMEONE_ELSE.search(raw))
