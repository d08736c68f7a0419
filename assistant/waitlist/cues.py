"""What in a comment means "tell me when it is back" or "I don't want it any more" (normalised text, zh + en)."""

from __future__ import annotations

import re

from assistant.vocab.text import compile_fast, normalise

CONTACT = r"(?:叫|告诉|通知|提醒|喊|@|艾特|私信|滴滴|dd|call|踢)"  # "tell me", as viewers type it (call我, dd我)
JOIN = compile_fast(
    r"蹲(?!到)|想要|求补|补货提醒|到货提醒|到货通知|补货通知|上货提醒|等补货|等到货|等货|等返场|求返场|求上架|登记|预约|预定|留一[件个]"
    rf"|(?:有货|补货|补了|到货|回来|返场|上了)了?.{{0,4}}{CONTACT}(?:我|一下|下我)"
    r"|(?:提醒|通知|告诉|叫|喊|艾特|@)我(?:一下|一声)?"
    r"|notify me|let me know|tell me when|ping me|message me|dm me|wait ?list|put me (?:down|on)|sign me up"
    r"|when (?:it'?s|it is|they'?re|they are|\w+ is|\w+ are|\w+ comes?) back|back in stock.{0,20}(?:me|please|pls)"
    r"|(?:restock|stock|back in stock|availability) (?:alert|notification|reminder)s?"
    r"|i(?:'d| would)? (?:want|like) (?:one|it|a|an|the|this|size|\w+ in)|i'?ll wait"
)
# Reminders of something else than stock coming back: the show starting, a flash sale, shipping.
NOT_STOCK = compile_fast(rf"(?:开播|直播|上播|开抢|开售|开卖|发货|快递|物流)了?.{{0,3}}{CONTACT}"
                         r"|(?:the )?(?:live|stream|show|sale) (?:starts?|begins?|is on)|\bit ships\b|shipped")
LEAVE = compile_fast(
    r"不要了|不蹲了|不等了|不用等了|不想要了|不需要了|算了不要|取消(?:提醒|登记|预约|预定|到货提醒|等待|蹲)|别(?:提醒|通知|@|艾特)我|不用(?:提醒|通知)"
    r"|(?:名单|列表|提醒)里?(?:删掉|删除|去掉|移除|拿掉)|(?:删掉|删除|去掉|移除|拿掉)我"
    r"|\bcancel\b|never ?mind(?:\W*$|,? (?:i|i'?m|don'?t|not|thanks|thx))"
    r"|don'?t (?:need|want) (?:it|one|this|the reminder|the alert|reminders)|no longer (?:need|want)|unsubscribe"
    r"|remove me|take me off|stop (?:notif|remind|ping)|not interested"
    r"|(?:no need|don'?t (?:need|have)) to (?:notify|remind|tell|ping|message) me|(?:don'?t|do not) (?:notify|remind|ping) me"
)
# A leave word about an order or a refund is not about a waitlist: "取消订单", "cancel my order".
ABOUT_ORDERS = compile_fast(r"订单|退款|退货|付款|order|refund|payment|purchase")
# "帮@小红蹲一个", "帮我闺蜜蹲一个", "notify my sister": a comment speaks for its writer only, so these join nobody.
OTHERS = r"(?:她|他|朋友|姐妹|闺蜜|妈妈?|爸爸?|老婆|老公|家人|别人|妹妹?|姐姐?|弟弟?|哥哥?|女朋友|男朋友|对象|同事|室友|孩子|宝宝|女儿|儿子)"
FOR_SOMEONE_ELSE = re.compile(
    rf"@\S|(?:帮|替|给)(?:我的?)?{OTHERS}|for (?:my|her|him|a friend|someone)"
    r"|(?:notify|tell|ping|message|remind|dm|let) (?:my \w+|her|him|them)\b", re.IGNORECASE)


def _text(raw: str) -> str:
    return normalise(raw).text


def wants_to_join(raw: str) -> bool:
    text = _text(raw)
    return bool(JOIN.search(text)) and not NOT_STOCK.search(text)


def wants_to_leave(raw: str) -> bool:
    text = _text(raw)
    return bool(LEAVE.search(text)) and not ABOUT_ORDERS.search(text)


def speaks_for_someone_else(raw: str) -> bool:
    return bool(FOR_SOMEONE_ELSE.search(raw))
