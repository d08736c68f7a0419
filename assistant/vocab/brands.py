"""Phone makers' names, which viewers put before a model the shop labels without them: "华为mate60pro" of a case
labelled "Mate 60 Pro", "苹果15pro" of "iPhone 15 Pro". A maker's name beside a model is part of naming the model,
not other talk. World knowledge of a short, stable list, so a table."""

from __future__ import annotations

# Maker names in Chinese and English; their own model lines (iPhone, Mate, Redmi) come from the labels.
PHONE_MAKERS = frozenset({
    "苹果", "apple", "华为", "huawei", "小米", "xiaomi", "红米", "redmi", "荣耀", "honor", "oppo", "vivo", "一加",
    "oneplus", "三星", "samsung", "魅族", "meizu", "真我", "realme", "iqoo", "谷歌", "google", "pixel", "索尼", "sony",
    "手机", "phone",
})
