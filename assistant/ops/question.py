"""Reads an ops question (zh or en) into an intent and slots, for the offline planner.

Slots are taken out of the text in a fixed order (window, quantity, link, product, colour, size), each
blanked once found, so "最近30分钟" is never read as size 30 and "补货50件" never as size 50.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.catalog.models import Catalog
from assistant.ops.intents import ACTION_INTENTS, CLEARING, detect_intent
from assistant.ops.modifiers import Modifiers, read_modifiers
from assistant.ops.shorthand import expand_heads
from assistant.ops.warehouse_words import find_warehouses
from assistant.vocab import options_of
from assistant.vocab.english import expand_shorthand, singular_words
from assistant.vocab.lexicon import COLOUR_LEXICON, canonical_size, find_links, find_sizes
from assistant.vocab.products import product_finder
from assistant.vocab.shapes import read_size_words
from assistant.vocab.text import normalise, parse_number

_CN = "零〇一二两三四五六七八九十百"
_EVERY_SHAPE = frozenset({"quantity", "band_cup", "dims", "model", "number"})
_WINDOWS = (
    (re.compile(r"半(?:个)?(?:小时|钟头|钟)|half an? hour|half hour"), lambda m: 30),
    (re.compile(r"一刻钟|quarter of an hour"), lambda m: 15),
    (re.compile(rf"(\d+|[{_CN}]+)\s?(?:个)?\s?(?:小时|钟头)"), lambda m: 60 * (parse_number(m.group(1)) or 0)),
    (re.compile(rf"(\d+|[{_CN}]+)\s?分钟"), lambda m: parse_number(m.group(1)) or 0),
    (re.compile(r"(?:last|past|previous|recent)\s(\d+)\s?(?:minutes?|mins?)\b"), lambda m: int(m.group(1))),
    (re.compile(r"(\d+)\s?(?:minutes?|mins?)\b"), lambda m: int(m.group(1))),
    (re.compile(r"(?:last|past|previous)\s(\d+|two|three|four)\s?(?:hours?|hrs?)\b"),
     lambda m: 60 * {"two": 2, "three": 3, "four": 4}.get(m.group(1), int(m.group(1)) if m.group(1).isdigit() else 1)),
    (re.compile(r"(?:last|past|previous|this|the)\s(?:an?\s|one\s)?hour\b|(?:an|one) hour\b"), lambda m: 60),
    (re.compile(r"(?:last|past|previous)\s(ten|fifteen|twenty|thirty)\s?(?:minutes?|mins?)\b"),
     lambda m: {"ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30}[m.group(1)]),
)
_SESSION = re.compile(r"(?:到|截至|截止)?目前为止|到现在为止|截至目前|今天|今日|本场|整场|这场|全场|开播以来|到现在|today|this session|so far|whole (?:session|stream)"
                      r"|this stream|since the start")
_QUANTITIES = (
    re.compile(r"(\d+)\s?(?:件|个|条|双|支|盒|pcs|pieces|units?)"),
    re.compile(r"(?:补货|补|加|进货|增加|改成|改为|设为|设成|设置为|设置成|调成|调到|调为|定为|限购|限|上限|盘点|盘到|变成|是|为|到"
               r"|打包|组装|拆开|拆包|拆)\s?(\d+)"),  # 打包/拆: kits (issue 17)
    re.compile(r"(?:restock|replenish|add|by|to|at|is|of|it|unpack|pack|assemble|=)\s?(\d+)"),
    re.compile(r"(\d+)\s?(?:more|extra)"),
)
_LISTING = re.compile(r"哪些|哪几|什么|啥|哪个|哪款|列出|清单|which|what|list|show|anything|any\b")
_BY_VARIANT = re.compile(r"规格|sku|variant|尺码|颜色|码数|哪个码|colou?r and size")
_FLAGGED = re.compile(r"缺货|没货|未满足|买不到|unmet|flag|can'?t (?:buy|get)|sold out")
_CORRECTION = re.compile(r"^\s*(?:不对|不是|错了|算了|改一下|no|wait|actually|sorry)?[,，。.\s]*"
                         r"(?:改成|改为|换成|变成|补|加|make it|change (?:it )?to|set (?:it )?to|instead)\s?\d+\s?"
                         r"(?:件|个|条|双|支|盒|units?|pcs)?\s*(?:吧|instead)?[.。!！]?\s*$")
_TOP_N = re.compile(rf"(?:前|top\s?)(\d+|[{_CN}]+)")


@dataclass
class Question:
    raw: str
    text: str
    lang: str
    intent: str | None
    window_minutes: int | None = None
    quantity: int | None = None
    link: int | None = None
    products: list[str] = field(default_factory=list)
    sku: str | None = None
    colour: str | None = None  # a lexicon colour ("black") or a product's own label ("#999 正红")
    size: str | None = None  # canonical ("L", "2XL", "28", "SMALLEST")
    listing: bool = False
    by_variant: bool = False
    flagged_only: bool = False
    limit: int | None = None
    colours: list[str] = field(default_factory=list)  # every colour named, for comparisons
    sizes: list[str] = field(default_factory=list)  # every size named, for comparisons ("L跟M谁卖得多")
    mods: Modifiers = field(default_factory=Modifiers)
    correction: bool = False  # "改成30" / "make it 4": a new figure for the last proposal
    inferred: bool = False  # the intent came from a split or comparison alone, no verb: never a clause of its own
    unknown_word: str | None = None  # "口红卖了多少" on a catalog without lipstick: a product we do not have
    warehouses: list[str] = field(default_factory=list)  # issue 17: warehouses named, in order
    source: str | None = None  # "从上海仓…": where a transfer leaves
    target: str | None = None  # "…到广州仓": where it goes
    unknown_warehouse: str | None = None  # "广州仓" on a catalog without it: answered "not found", never guessed

    @property
    def has_target(self) -> bool:
        return bool(self.products or self.link is not None)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def read_question(raw: str, catalog: Catalog) -> Question:
    norm = normalise(raw)
    finder = product_finder(catalog)
    text = expand_shorthand(norm.text, [(m.start, m.end) for m in finder.find_exact(norm.text)])
    text = singular_words(text, lambda word: bool(finder.find_exact(word)))
    text = expand_heads(text, catalog)
    q = Question(raw=raw, text=text, lang="zh" if norm.has_cjk else "en", intent=detect_intent(text))
    q.mods, work = read_modifiers(text)
    if q.intent is None and q.mods.split:  # "fleece by channel": a split is of sales
        q.intent, q.inferred = "sales", True
    work = _read_warehouses(q, work, catalog)
    q.mods.clearing = q.intent in ("buyer_limit", "flash_cap") and bool(CLEARING.search(text))
    q.correction = bool(_CORRECTION.match(text))
    for pattern, minutes in _WINDOWS:
        m = pattern.search(work)
        if m and minutes(m) > 0:
            q.window_minutes = minutes(m)
            work = _blank(work, m.start(), m.end())
            break
    session = _SESSION.search(work)  # "今天" / "so far": the whole session, which is the default anyway
    if session:
        work = _blank(work, session.start(), session.end())
    top = _TOP_N.search(work)
    if top and q.intent == "best_sellers":
        q.limit = parse_number(top.group(1))
        work = _blank(work, top.start(), top.end())
    if q.intent in ACTION_INTENTS or q.correction:
        for pattern in _QUANTITIES:
            m = pattern.search(work)
            if m:
                q.quantity = int(m.group(1))
                work = _blank(work, m.start(1), m.end(1))
                break
    links = [m for m in find_links(work) if m.definite]
    if links:
        q.link = links[0].number
        work = _blank(work, links[0].start, links[0].end)
    for mention in finder.find_exact(work):
        q.products += [p for p in mention.product_ids if p not in q.products]
        if mention.sku and len(mention.product_ids) == 1:
            q.sku = mention.sku
        work = _blank(work, mention.start, mention.end)
    if q.link is None and not q.products:  # "2号还剩多少": a bare number is a link when nothing else is named
        bare = [m for m in find_links(work) if not m.definite and m.number < 20]
        if bare:
            q.link = bare[0].number
            work = _blank(work, bare[0].start, bare[0].end)
    work = _read_own_options(q, work, catalog, norm.has_cjk)
    if q.colour is None:
        work = _read_colour(q, work, catalog)
    if q.size is None:
        _read_size(q, work, catalog, norm.has_cjk)
    q.unknown_word = _unknown_product_word(q, work)
    if q.intent is None and q.mods.compare and (len(q.products) > 1 or len(q.colours) > 1):
        # "tote vs cap" / "对比一下围巾和帽子": a comparison that names no figure compares sales
        q.intent, q.inferred = "sales", True
    q.listing = bool(_LISTING.search(text))
    q.by_variant = bool(_BY_VARIANT.search(text))
    q.flagged_only = bool(_FLAGGED.search(text))
    return q


def _read_own_options(q: Question, work: str, catalog: Catalog, cjk: bool) -> str:
    """With one product named, its options through the shop's vocabulary: labels, codes, aliases, 36半, 1米8."""
    if len(q.products) != 1:
        return work
    reading = options_of(catalog.product(q.products[0])).read(work, find_sizes(work, cjk))  # type: ignore[arg-type]
    if reading.colours:
        q.colour, q.colours = reading.colours[0], list(reading.colours)
    if reading.sizes:
        q.size, q.sizes = reading.sizes[0], list(dict.fromkeys(reading.sizes))
    for start, end in reading.spans:
        work = _blank(work, start, end)
    return work


def _read_warehouses(q: Question, work: str, catalog: Catalog) -> str:
    mentions, work = find_warehouses(work, catalog)
    q.warehouses = list(dict.fromkeys(m.warehouse for m in mentions))
    q.unknown_warehouse = _unknown_warehouse(work)
    q.source = next((m.warehouse for m in mentions if m.role == "source"), None)
    q.target = next((m.warehouse for m in mentions if m.role == "target"), None)
    if len(q.warehouses) == 2 and (q.source or q.target):  # one direction named: the other is the other one
        q.source = q.source or next(w for w in q.warehouses if w != q.target)
        q.target = q.target or next(w for w in q.warehouses if w != q.source)
    return work


# A warehouse by name ("广州仓", "主仓", "the GZ warehouse") left after the catalog's own warehouses were blanked.
# 仓 after a verb is no warehouse name: 在仓 / 入仓 / 出仓 / 调仓 / 清仓 (clearance) / 爆仓 (overloaded).
_NAMED_WAREHOUSE = re.compile(r"(?:从|由|到|去|往|在)?([\u4e00-\u9fff]{1,4}?|[a-z]{2,6})\s?(?<![在入出回到进发退调移清爆])仓(?!储)"
                              r"|\b([a-z]{2,12}) warehouse")
_NOT_WAREHOUSE_NAME = {"各", "各个", "每个", "哪个", "哪些", "哪", "分", "这个", "那个", "别的", "其他", "所有", "几个", "同一",
                       "the", "a", "which", "each", "every", "any", "other", "that", "this", "per", "by", "our", "one",
                       "another", "what", "from", "to", "its", "their", "same"}


def _unknown_warehouse(work: str) -> str | None:
    for m in _NAMED_WAREHOUSE.finditer(work):
        name = (m.group(1) or m.group(2) or "").strip()
        if name and name not in _NOT_WAREHOUSE_NAME:
            return f"{name}仓" if m.group(1) else f"{name} warehouse"
    return None


def _read_colour(q: Question, work: str, catalog: Catalog) -> str:
    for pid in q.products:
        own = [m for m in options_of(catalog.product(pid)).own_colours(work) if m.label]  # type: ignore[arg-type]
        if own:
            q.colour = own[0].label
            q.colours = list(dict.fromkeys(m.label for m in own if m.label))
            for m in own:
                work = _blank(work, m.start, m.end)
            return work
    mentions = COLOUR_LEXICON.find(work)
    if mentions:
        best = max(mentions, key=lambda m: m.end - m.start)
        q.colour = best.canonical
        q.colours = list(dict.fromkeys(m.canonical for m in mentions if m.canonical))
        for m in mentions:
            work = _blank(work, m.start, m.end)
    return work


def _read_size(q: Question, work: str, catalog: Catalog, cjk: bool) -> None:
    # A size of a shape letters do not cover ("36半", "1米8", "500g", "15pm"), kept as written for the product's
    # vocabulary to read once the product is known (a link number's product is looked up later).
    shaped = [w for w in read_size_words(work, _EVERY_SHAPE) if w.strong and w.kind != "number" or w.value and
              w.value % 1]
    if shaped:
        q.size = work[shaped[0].start:shaped[0].end].strip()
        return
    labels = {canonical_size(s) for pid in q.products for s in catalog.product(pid).sizes()}  # type: ignore[union-attr]
    for mention in find_sizes(work, cjk):
        single_letter = mention.canonical in ("S", "M", "L") and mention.end - mention.start == 1
        # With a known product a weak number ("28") counts only if it is one of its sizes.
        if mention.canonical in labels or mention.strong or single_letter:
            q.size = mention.canonical
            return


# A word right before "卖了/还剩/库存..." that no product owns is most likely a product this catalog lacks.
_ASKED_ABOUT = re.compile(r"([\u4e00-\u9fff]{2,6})(?=卖了|卖出|卖得|还剩|剩多少|剩几|还有多少|还有几|还有吗|库存|多久卖|什么时候卖|销量)")
_NOT_PRODUCT = ("今天", "现在", "目前", "一共", "总共", "本场", "整场", "大家", "我们", "这边", "那边", "刚才", "一下", "帮我",
                "请问", "这个", "那个", "哪个", "哪些", "什么", "已经", "规格", "颜色", "尺码", "码数", "商品", "链接", "东西", "产品", "到底", "还", "都", "又", "共", "总", "场", "一共都")


_HOW_MANY = re.compile(r"how (?:many|much) ([a-z][a-z' -]{1,40}?) (?:are |is |were |did |do |have |has )?"
                       r"(?:left|sold|sell|remaining|in stock|available|we have)")
_GENERIC = re.compile(r"\b(?:units?|orders?|items?|pieces?|things?|products?|stuff|skus?|variants?|stock)\b")


# Questions about the room, not a product: "主播卡片还有几张" names no product the catalog lacks.
_ROOM_WIDE = ("alerts", "report", "oversell", "refusals", "cold")


def _unknown_product_word(q: Question, work: str) -> str | None:
    if q.has_target or q.sku or q.mods.narrowing or q.intent in _ROOM_WIDE:
        return None
    if q.lang == "en":
        asked = _HOW_MANY.search(q.text)
        return asked.group(1).strip() if asked and not _GENERIC.search(asked.group(1)) else None
    for m in _ASKED_ABOUT.finditer(work):
        word = m.group(1)
        for stop in sorted(_NOT_PRODUCT, key=len, reverse=True):
            word = word.replace(stop, "")
        word = word.strip("的内里各个了")
        if len(word) >= 2:
            return word
    return None
