"""ABC tiers and product roles as live-room teams use them, and what each changes by default.

tier: A = proven sellers (alerts fire earlier), B = steady, C = test items. role: "traffic" (引流款: priced to
pull viewers in; limited per buyer and capped in flash sales by default), "profit" (利润款: where the margin
is), "long_tail" (长尾款: the rest of the range). Both are optional catalog fields (FORMAT.md).
"""

from __future__ import annotations

import re

TIERS = ("A", "B", "C")
ROLES = ("traffic", "profit", "long_tail")
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "traffic": ("引流款", "引流品", "引流", "福利款", "traffic items", "traffic item", "traffic products", "traffic"),
    "profit": ("利润款", "利润品", "主推款", "profit items", "profit item", "profit products", "profit"),
    "long_tail": ("长尾款", "长尾品", "长尾", "long-tail", "long tail", "long_tail"),
}
ROLE_NAMES = {"zh": {"traffic": "引流款", "profit": "利润款", "long_tail": "长尾款"},
              "en": {"traffic": "traffic", "profit": "profit", "long_tail": "long-tail"}}
TIER_PATTERN = re.compile(r"(?P<zh>[abc])\s?(?:类|级|档)(?:商品|的|款)?|(?:tier|class)\s?(?P<en>[abc])\b"
                          r"|\b(?P<en2>[abc])[- ](?:tier|class|items?|products?)\b", re.IGNORECASE)


def tier_of(match: re.Match[str]) -> str:
    return (match.group("zh") or match.group("en") or match.group("en2")).upper()


A_TIER_ALERT_FACTOR = 1.5  # an A item warns at 1.5x the usual low/critical share of its starting stock


def alert_threshold_factor(tier: str | None) -> float:
    """How much earlier an item's stock alerts fire: A items (proven sellers) sell out fastest."""
    return A_TIER_ALERT_FACTOR if (tier or "").upper() == "A" else 1.0
