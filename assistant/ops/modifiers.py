"""What narrows or splits an ops question beyond product/colour/size: channels, per-room splits, ABC
tiers and product roles, comparisons, clearing a policy. (Staff shorthand and English plurals are the shop
vocabulary's: assistant.vocab.english.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.catalog.roles import ROLE_WORDS, TIER_PATTERN, tier_of

# The channel ids orders carry (OrderRequest.channel) and the words staff use for them.
CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "douyin": ("抖音", "douyin", "dy"), "kuaishou": ("快手", "kuaishou", "ks"), "taobao": ("淘宝", "taobao", "tb"),
    "tiktok": ("tiktok",), "wechat": ("视频号", "微信", "wechat"), "xiaohongshu": ("小红书", "xiaohongshu", "xhs"),
    "site": ("官网", "site", "website"),
}
_CHANNEL = re.compile("|".join(rf"(?<![a-z]){re.escape(w)}(?![a-z])" for ws in CHANNEL_WORDS.values() for w in ws))
_CHANNEL_OF = {w: c for c, ws in CHANNEL_WORDS.items() for w in ws}
_BY_CHANNEL = re.compile(r"各渠道|各个渠道|分渠道|每个渠道|各平台|各个平台|分平台|by channel|per channel|each channel|by platform")
_BY_ROOM = re.compile(r"各个直播间|各直播间|两个直播间|每个直播间|分直播间|所有直播间|by room|per room|each room|both rooms|"
                      r"by stream|per stream|every room")
_COMPARE = re.compile(r"哪个|哪款|哪一个|谁|还是|对比|比较|相比|\bvs\.?\b|versus|compare|which (?:one )?(?:sells|sold|is|has)|"
                      r"\bor\b")

@dataclass
class Modifiers:
    channels: list[str] = field(default_factory=list)
    split: str | None = None  # "channel" or "room"
    tier: str | None = None
    role: str | None = None
    compare: bool = False
    clearing: bool = False

    @property
    def narrowing(self) -> bool:
        return bool(self.channels or self.split or self.tier or self.role)


def read_modifiers(text: str) -> tuple[Modifiers, str]:
    """The modifiers found and the text with their words blanked (so "淘宝" is never read as a product)."""
    found = Modifiers()
    for m in _CHANNEL.finditer(text):
        channel = _CHANNEL_OF[m.group()]
        if channel not in found.channels:
            found.channels.append(channel)
    text = _CHANNEL.sub(lambda m: " " * len(m.group()), text)
    if _BY_CHANNEL.search(text) or (len(found.channels) > 1 and re.search(r"各|分别|each|respectively|vs|和|and", text)):
        found.split = "channel"
    elif _BY_ROOM.search(text):
        found.split = "room"
    text = _BY_ROOM.sub(lambda m: " " * len(m.group()), _BY_CHANNEL.sub(lambda m: " " * len(m.group()), text))
    tier = TIER_PATTERN.search(text)
    if tier:
        found.tier = tier_of(tier)
        text = text[:tier.start()] + " " * (tier.end() - tier.start()) + text[tier.end():]
    for role, words in ROLE_WORDS.items():
        hit = next((w for w in words if w in text), None)
        if hit:
            found.role = role
            text = text.replace(hit, " " * len(hit))
            break
    found.compare = bool(_COMPARE.search(text))
    return found, text
