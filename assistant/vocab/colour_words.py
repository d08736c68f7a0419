"""Built-in colour vocabulary: canonical English label -> words viewers use for it.

Words are in normalised form (lower case, simplified characters); traditional spellings
reach them through text.normalise. A colour's family lets "蓝色" find a product that only
comes in navy, or "灰" one that only has "light grey".
"""

from __future__ import annotations

COLOUR_WORDS: dict[str, tuple[str, ...]] = {
    "black": ("black", "黑", "黑色", "纯黑", "曜石黑", "炭黑", "黑的"),
    "white": ("white", "白", "白色", "纯白", "本白", "雪白", "白的", "漂白"),
    "off-white": ("off white", "offwhite", "ivory", "象牙白", "乳白", "乳白色"),
    "cream": ("cream", "奶白", "奶白色", "奶油白", "奶油色", "奶油"),
    "grey": ("grey", "gray", "灰", "灰色", "灰的", "麻灰", "花灰", "烟灰"),
    "light grey": ("light grey", "light gray", "浅灰", "浅灰色", "雾霾灰"),
    "dark grey": ("dark grey", "dark gray", "charcoal", "深灰", "深灰色", "炭灰"),
    "silver": ("silver", "银", "银色"),
    "red": ("red", "红", "红色", "大红", "正红", "中国红", "红的"),
    "wine": ("wine", "wine red", "burgundy", "maroon", "酒红", "酒红色", "枣红", "勃艮第红"),
    "rose": ("rose", "rose red", "玫红", "玫红色", "玫瑰红"),
    "pink": ("pink", "粉", "粉色", "粉红", "粉红色", "浅粉", "樱花粉", "粉的"),
    "blue": ("blue", "蓝", "蓝色", "兰色", "宝蓝", "宝蓝色", "蓝的"),
    "light blue": ("light blue", "sky blue", "baby blue", "浅蓝", "浅蓝色", "天蓝", "天蓝色", "雾霾蓝"),
    "navy": ("navy", "navy blue", "dark blue", "藏青", "藏青色", "藏蓝", "藏蓝色", "深蓝", "深蓝色", "海军蓝"),
    "green": ("green", "绿", "绿色", "草绿", "绿的"),
    "army green": ("army green", "olive", "olive green", "军绿", "军绿色", "橄榄绿"),
    "dark green": ("dark green", "forest green", "墨绿", "墨绿色", "深绿", "深绿色"),
    "mint": ("mint", "mint green", "薄荷绿", "薄荷色"),
    "brown": ("brown", "coffee", "chocolate", "棕", "棕色", "咖啡", "咖啡色", "咖色", "褐色", "巧克力色", "茶色"),
    "camel": ("camel", "caramel", "tan", "驼色", "驼", "焦糖色"),
    "khaki": ("khaki", "卡其", "卡其色"),
    "beige": ("beige", "oatmeal", "米色", "米白", "米白色", "燕麦色"),
    "apricot": ("apricot", "杏色", "杏", "奶杏", "奶杏色", "杏色的"),
    "nude": ("nude", "裸色", "肤色"),
    "purple": ("purple", "violet", "紫", "紫色", "紫的"),
    "lavender": ("lavender", "lilac", "香芋紫", "薰衣草紫", "浅紫", "浅紫色"),
    "yellow": ("yellow", "黄", "黄色", "鹅黄", "姜黄", "柠檬黄", "黄的"),
    "orange": ("orange", "橙", "橙色", "桔色", "橘色", "橘红"),
    "coral": ("coral", "珊瑚色", "珊瑚粉"),
    "gold": ("gold", "golden", "金", "金色", "金的", "香槟金"),
    "rose gold": ("rose gold", "玫瑰金", "玫瑰金色"),
    "platinum": ("platinum", "铂金", "铂金色"),
    # A material's own colour ("原色钛金属", "天然色钛金属", natural titanium): one colour by any of its names.
    "natural": ("natural", "原色", "天然色", "自然色", "本色", "原色的"),
}

COLOUR_FAMILY: dict[str, str] = {
    "off-white": "white",
    "cream": "white",
    "light grey": "grey",
    "dark grey": "grey",
    "silver": "grey",
    "wine": "red",
    "rose": "pink",
    "light blue": "blue",
    "navy": "blue",
    "army green": "green",
    "dark green": "green",
    "mint": "green",
    "camel": "brown",
    "apricot": "beige",
    "lavender": "purple",
    "coral": "orange",
    "rose gold": "gold",
    "platinum": "grey",
}

# Compounds whose colour character is not a colour ("口红" lipstick, "显白" flatters fair skin,
# "黑头" blackheads); they are blanked before looking for colour words.
NOT_COLOUR_COMPOUNDS: tuple[str, ...] = (
    "拉黑", "黑粉", "黑心", "黑店", "抹黑", "黑头", "显黑", "黑皮", "美黑", "黑料",
    "白天", "明白", "白嫖", "白送", "白菜", "白白", "美白", "亮白", "显白", "白皮", "皮肤白",
    "红包", "网红", "走红", "爆红", "口红", "腮红", "唇红", "红人", "红火", "泛红", "红血丝", "红肿",
    "绿茶", "青春", "青年", "蓝牙", "灰常", "粉丝", "粉底", "粉饼", "蜜粉", "散粉", "粉刺", "粉扑",
    "色素", "金额", "金币", "紫外线", "黄牛", "黄皮", "咖啡因", "杏仁", "银杏", "银行", "驼背",
    "face cream", "eye cream", "hand cream", "night cream", "day cream", "cream for",
    "black friday", "gold member",
)


def colour_family(canonical: str) -> str:
    return COLOUR_FAMILY.get(canonical, canonical)
