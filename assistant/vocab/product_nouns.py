"""Kinds of products viewers ask for, in Chinese and English.

A *kind* ("trench coat": 风衣 / trench) links a comment to a catalog product whose own words
name the same kind in another language, and tells a product the shop does not sell
("有没有风衣") from chatter. A *broad* word ("裤子", "shoes") names a group of kinds; it
points at the product on screen or the only one of that group.
"""

from __future__ import annotations

# (group, words); the first word names the kind in reports.
PRODUCT_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("outerwear", ("风衣", "trench coat", "trench", "trenchcoat")),
    ("outerwear", ("羽绒服", "羽绒外套", "down jacket", "puffer", "puffer jacket", "down coat")),
    ("outerwear", ("大衣", "毛呢大衣", "呢子大衣", "overcoat", "wool coat")),
    ("outerwear", ("夹克", "jacket", "bomber")),
    ("outerwear", ("西装", "西服", "blazer", "suit jacket")),
    ("outerwear", ("冲锋衣", "shell jacket", "windbreaker")),
    ("outerwear", ("棉服", "棉袄", "padded jacket")),
    ("tops", ("开衫", "针织开衫", "毛衣外套", "cardigan")),
    ("tops", ("毛衣", "针织衫", "sweater", "jumper", "knitwear", "pullover")),
    ("tops", ("卫衣", "帽衫", "hoodie", "sweatshirt", "crewneck")),
    ("tops", ("衬衫", "衬衣", "shirt", "blouse")),
    ("tops", ("t恤", "短袖", "tee", "t shirt", "tshirt")),
    ("tops", ("背心", "吊带背心", "tank top", "camisole", "vest")),
    ("tops", ("polo衫", "polo")),
    ("dresses", ("连衣裙", "dress", "gown")),
    ("dresses", ("半身裙", "短裙", "长裙", "skirt")),
    ("bottoms", ("牛仔裤", "jeans", "denim")),
    ("bottoms", ("阔腿裤", "西装裤", "wide leg pants", "trousers", "slacks")),
    ("bottoms", ("短裤", "shorts")),
    ("bottoms", ("打底裤", "瑜伽裤", "leggings", "yoga pants")),
    ("bottoms", ("运动裤", "卫裤", "joggers", "sweatpants")),
    ("shoes", ("跑鞋", "跑步鞋", "running shoes", "runners", "running shoe")),
    ("shoes", ("运动鞋", "球鞋", "sneakers", "trainers", "sneaker")),
    ("shoes", ("帆布鞋", "canvas shoes")),
    ("shoes", ("靴子", "短靴", "马丁靴", "boots")),
    ("shoes", ("凉鞋", "拖鞋", "sandals", "slippers")),
    ("shoes", ("高跟鞋", "heels", "pumps")),
    ("bags", ("腋下包", "单肩包", "shoulder bag")),
    ("bags", ("双肩包", "背包", "书包", "backpack")),
    ("bags", ("斜挎包", "crossbody", "crossbody bag")),
    ("bags", ("托特包", "tote", "tote bag")),
    ("bags", ("钱包", "wallet", "purse")),
    ("hats", ("渔夫帽", "bucket hat")),
    ("hats", ("棒球帽", "鸭舌帽", "baseball cap", "cap")),
    ("hats", ("毛线帽", "针织帽", "beanie")),
    ("accessories", ("围巾", "scarf", "scarves")),
    ("accessories", ("袜子", "socks")),
    ("accessories", ("手套", "gloves")),
    ("accessories", ("项链", "necklace")),
    ("accessories", ("耳环", "耳钉", "earrings")),
    ("accessories", ("手链", "手镯", "bracelet")),
    ("accessories", ("戒指", "ring")),
    ("accessories", ("墨镜", "太阳镜", "sunglasses")),
    ("accessories", ("腰带", "皮带", "belt")),
    ("makeup", ("口红", "唇膏", "lipstick", "lip stick")),
    ("makeup", ("唇釉", "唇彩", "唇蜜", "lip gloss", "lip tint", "lip glaze")),
    ("makeup", ("眼影", "眼影盘", "eyeshadow", "eye shadow", "palette")),
    ("makeup", ("睫毛膏", "mascara")),
    ("makeup", ("眼线笔", "眼线", "eyeliner")),
    ("makeup", ("眉笔", "eyebrow pencil", "brow pencil")),
    ("makeup", ("粉底液", "粉底", "foundation")),
    ("makeup", ("气垫", "cushion")),
    ("makeup", ("散粉", "蜜粉", "setting powder", "loose powder")),
    ("makeup", ("腮红", "blush", "blusher")),
    ("makeup", ("遮瑕", "concealer")),
    ("skincare", ("精华", "精华液", "serum", "essence")),
    ("skincare", ("面霜", "face cream", "moisturizer", "moisturiser")),
    ("skincare", ("眼霜", "eye cream")),
    ("skincare", ("面膜", "sheet mask", "face mask", "mask")),
    ("skincare", ("防晒", "防晒霜", "sunscreen", "sunblock")),
    ("skincare", ("洗面奶", "cleanser", "face wash")),
    ("skincare", ("爽肤水", "化妆水", "toner")),
    ("skincare", ("乳液", "lotion")),
    ("fragrance", ("香水", "perfume", "fragrance")),
)

# A kind that is also another, wider kind: running shoes are sneakers ("运动鞋" finds them).
KIND_PARENTS: dict[str, str] = {"跑鞋": "运动鞋", "帆布鞋": "运动鞋", "羽绒服": "棉服", "开衫": "毛衣", "唇釉": "口红"}

# Group words; "衣服" / "东西" / "宝贝" are not here: they mean "the item" and point at the focus.
BROAD_WORDS: dict[str, str] = {
    "外套": "outerwear", "coat": "outerwear", "outerwear": "outerwear",
    "上衣": "tops", "top": "tops", "tops": "tops",
    "裙子": "dresses", "裙": "dresses", "dresses": "dresses",
    "裤子": "bottoms", "裤": "bottoms", "pants": "bottoms", "bottoms": "bottoms",
    "鞋": "shoes", "鞋子": "shoes", "shoes": "shoes", "shoe": "shoes",
    "包": "bags", "包包": "bags", "bag": "bags", "bags": "bags", "handbag": "bags",
    "帽子": "hats", "hat": "hats", "hats": "hats",
    "配饰": "accessories", "accessories": "accessories",
    "彩妆": "makeup", "makeup": "makeup", "beauty": "makeup",
    "护肤": "skincare", "护肤品": "skincare", "skincare": "skincare",
}

# Words that contain a broad word without naming a product ("包邮" is free shipping).
NOT_PRODUCT_COMPOUNDS: tuple[str, ...] = (
    "包邮", "包装", "包括", "打包", "红包", "面包", "包退", "包换", "包售后", "包运费", "包装盒", "连帽",
)
