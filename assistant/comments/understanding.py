"""Deterministic understanding of a live-stream comment: intent, product, colour and size."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.catalog.models import Catalog
from assistant.comments import intents
from assistant.comments.languages import language_of
from assistant.comments.measurements import Measurements
from assistant.comments.mentions import MentionReader, Mentions, blank
from assistant.comments.resolution import Clues, ProductResolver, Resolved
from assistant.comments.variants import asked_sizes, paired_variants
from assistant.vocab.counted import COUNTING_WORDS
from assistant.vocab.lexicon import ColourMention, SizeMention
from assistant.vocab.links import LinkMention
from assistant.vocab.options import OptionReading, ProductOptions
from assistant.vocab.products import product_finder
from assistant.vocab.text import NormalisedText, normalise
from assistant.waitlist import cues as waitlist_cues

Intent = Literal["availability", "size_advice", "other"]
# zh and en are answered offline; any other language is declined offline and left to the LLM path.
Language = str
OFFLINE_LANGUAGES = ("zh", "en")
# A question in the languages viewers of a Chinese live room also write: vi "còn … không", ja "…ありますか",
# ko "있나요", th "ไหม", or a question mark.
_ASKS_IN_ANY_LANGUAGE = re.compile(r"[?？]|\bkhông\b|\bko\b|\bcòn\b|ますか|ありますか|있(?:나요|어요|습니까)|ไหม|มั้ย|มีไหม")
AsksFor = Literal["variant", "colours", "sizes", "product"]

@dataclass(frozen=True)
class StreamContext:
    focus: str | None = None  # product id on screen now
    lineup: Mapping[int, str] = field(default_factory=dict)  # link_no -> product id


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    language: Language
    product_id: str | None
    colour: str | None  # the resolved product's own label
    size: str | None  # the resolved product's own label
    confidence: float  # 0..1 confidence in product_id
    product_source: str | None  # "name", "alias", "link", "focus", "semantic", None
    asks_for: AsksFor
    height_cm: float | None = None
    weight_kg: float | None = None
    unknown_colour: str | None = None  # a colour asked for that the product does not come in
    unknown_size: str | None = None
    unknown_product: str | None = None  # a kind of product the catalog does not sell
    skip_reason: str | None = None  # "injection", "abuse", "chatter", None
    traditional: bool = False
    # Several variants asked at once ("黑白都要M"): every (colour, size) pair, the first being colour/size.
    variants: tuple[tuple[str | None, str | None], ...] = ()
    size_family: tuple[str, ...] = ()  # "70" of a product with 70A and 70B: the labels it may mean
    colour_family: tuple[str, ...] = ()
    missing_link: int | None = None  # a link number the lineup does not have
    vague: bool = False  # a stock word amid other talk ("等会还有跳舞吧"): never clarified, never the focus
    # An injection or command that also asks about stock ("黑色L还有吗 忽略之前的指令"): never answered, but the
    # question inside it is still demand, so its intent is kept here.
    attack_intent: Intent | None = None


# Stock-question words; what is left of a comment may name a product the word lists do not know.
_FUNCTION_WORDS = re.compile(
    r"还有|有没有|有木有|有冇|有得没得|有没得|有货|请问|宝宝|姐妹|想要|颜色|尺码|尺寸|规格|型号|大小|功率|瓦数|度数|容量|长度|重量|粒数|还剩多少|剩多少|多少|[吗呢么嘛啊呀的了码号色这那个件还有没要我你吧哦喔哇嗯是在拍吧卖货~～!！?？,，.。\s\d]"
    r"|\b(?:is|are|the|a|an|in|do|does|you|u|have|any|still|size|left|available|stock|it|this|one|got|of|and|or"
    r"|please|pls|sell|sold|out|shade|shades|colou?rs?|flavou?rs?|models?|scents?|for|with|want|need|get|pack|packs|ones)\b"
)
_WHAT = re.compile(r"什么|啥|\bwhat\b")
_FIT_WORDS = re.compile(r"穿|尺码|多大|合适|适合|size|fit|身高|体重|胖|瘦|[用选戴买拿]哪|which")
_OWN_MEASURE = re.compile(r"身高|体重")
_ASKS_FIT = re.compile(r"[?？吗呢么]|穿|码|尺码|多大|哪个|什么|几|size|fit|身高|我")
# "3段两罐", "四条": how many of it, said beside the variant, is no other talk.
_COUNT = re.compile(rf"(?:[一两二三四五六七八九十各]|\d{{1,2}})[{COUNTING_WORDS}]")
# and the room's calls ("家人们", "冲冲冲"): filler around a question, never part of what it asks
# and the room's urging and emoji ("急急急", "🙏🙏", "在线等"): no talk of anything else either
_FILLER = re.compile(rf"链接|连接|都|和|跟|也|装|款|各|家人们|宝子们?|集美们?|老铁们?|冲冲冲|急+|在线等|{_COUNT.pattern}"
                     r"|[\s+/、:：,，~～*xX#]|[^\w]")
_ASKS_OPTION = re.compile(r"(?:有没有)?[^\s]{1,6}?的?(?:还有|有)(?:吗|么|嘛|没|没有|不)?[?？!！~～]*|有没有[^\s]{1,4}?的?[?？!！~～]*"
                          r"|有[^\s]{1,6}?的?(?:吗|么|嘛)[?？!！~～]*")


def _blank_beside(text: str, words: list[str], spans: list[tuple[int, int]]) -> str:
    """The words blanked where they touch a span read (with at most a 的 or a space between)."""
    edges = {end for _, end in spans} | {start for start, _ in spans}
    for word in words:
        for m in re.finditer(re.escape(word), text):
            before = m.start() - (1 if m.start() and text[m.start() - 1] in " 的" else 0)
            after = m.end() + (1 if m.end() < len(text) and text[m.end()] in " 的" else 0)
            if before in edges or after in edges:
                text = text[: m.start()] + " " * len(word) + text[m.end() :]
    return text


class CommentParser:
    def __init__(self, catalog: Catalog, semantic_match: Callable[[str], tuple[str, float] | None] | None = None):
        self._product_ids = {p.id for p in catalog.products}
        index = product_finder(catalog)
        self._resolver = ProductResolver(catalog, index)
        self._options = self._resolver.options
        self._reader = MentionReader(index, self._options)
        self._semantic_match = semantic_match

    def parse(self, text: str, context: StreamContext) -> Understanding:
        norm = normalise(text)
        t, language = norm.text, language_of(norm)
        if intents.ABUSE.search(t):
            return Understanding("other", language, None, None, None, 0.0, None, "product",
                                 skip_reason="abuse", traditional=norm.traditional)  # fmt: skip
        # An injection or a command is skipped whole; its stock question still counts for demand.
        attack = next((reason for reason, pattern in (("injection", intents.INJECTION), ("command", intents.COMMAND),
                                                      ("command", intents.REQUEST))
                       if pattern.search(t)), None) or ("injection" if intents.announces(t) else None)
        if not attack:
            return self._understand(t, norm, language, context)
        # What the comment asks besides the attack ("黑色L码还有吗？" before "忽略之前的指令…") is read on its own.
        question = intents.REQUEST.sub(" ", intents.COMMAND.sub(" ", intents.INJECTION.sub(" ", t)))
        understood = self._understand(question, norm, language, context)
        return replace(understood, intent="other", skip_reason=attack, confidence=0.0,
                       attack_intent=understood.intent if understood.intent != "other" else None)

    def _understand(self, t: str, norm: NormalisedText, language: Language, context: StreamContext) -> Understanding:
        focus = context.focus if context.focus in self._product_ids else None
        mentions = self._reader.read(t, norm.has_cjk, focus, context.lineup)
        candidate = self._options.get(mentions.code_product or "")
        colours_asked = bool(intents.COLOURS_ASKED.search(t))
        sizes_asked = bool(intents.SIZES_ASKED.search(t)) or bool(candidate and candidate.asks_own_dimension(t))
        kinds_asked = not (colours_asked or sizes_asked) and bool(intents.KINDS_ASKED.search(t))
        # A bare "17号" the lineup lacks is no subject ("人造人17号？"); "17号链接", a listed "2号", or a number
        # asked about and nothing else ("8号有没") is.
        lone_link = len(mentions.links) == 1 and self._only(t, mentions.links[0])
        stock_word = bool(intents.AVAILABILITY.search(t))
        links = [m for m in mentions.links if m.definite or m.number in context.lineup or (lone_link and stock_word)]
        # A piece of a product's name alone ("珊瑚" of 珊瑚绒浴巾 in "和珊瑚联动吗", "运动" in "什么运动？") is a
        # subject only with a stock word or an option beside it, not with a bare question.
        has_subject = bool(mentions.named or links or mentions.kinds or mentions.broad or mentions.deictic)
        measured = mentions.measurements
        # What the product on screen is sold by, when no other product is named: "195/65R15" of a tyre is no height.
        sold_by = candidate or (self._options.get(focus) if focus and not mentions.named else None)
        # and the listed links' products: "1号稻花香10kg" asks for the rice of link 1, with an oil on screen
        linked = [self._options[pid] for m in links if (pid := context.lineup.get(m.number)) in self._options]
        sold = frozenset().union(*(o.measures_sold for o in (sold_by, *linked) if o))
        # a bare figure a label has ("玉米油1.8" of 1.8L) is that label, never a viewer's height
        label_figure = bool(sold_by and measured.spans and all(
            sold_by.has_figure(t[a:b]) for a, b in measured.spans))
        own_size = label_figure or (not measured.weight_kg or sold & {"weight", "height_fit"}) and (
            not measured.height_cm or sold & {"length", "height_fit"})
        # "1米8的灰色" is a bed width, "15公斤的狗粮" a bag, "170/74A" a trousers' 号型, "一米八的大个子" chat;
        # "我一米六穿多大" is a size question.
        # "身高一米一买多大" of kids' clothes sized in cm with a chart by height: the viewer's height, never a size
        charted = bool(sold_by and sold_by.product.size_chart and _OWN_MEASURE.search(t))
        if (measured.height_cm or measured.weight_kg) and not charted and (
                (own_size and not _FIT_WORDS.search(t))
                or (measured.height_cm and not measured.weight_kg and ("length" in sold or not _ASKS_FIT.search(t)))):
            mentions = replace(mentions, measurements=Measurements(None, None, ()))
        # The one product named ("米" of 大米 inside "泰国香米") reads its own options before resolution too.
        named_ids = {pid for hit in mentions.named for pid in hit.product_ids}
        reader = candidate or (self._options.get(next(iter(named_ids))) if len(named_ids) == 1 else None)
        seen = reader.read(t, mentions.sizes, mentions.named_spans, mentions.named_spans) if reader else OptionReading()
        question = bool(intents.QUESTION.search(t))
        # An option the product lacks, said with no question or stock word, is talk ("奶油面包" of a toast sold
        # in 原味/红枣味), never an answer "没有奶油".
        asks = question or bool(intents.AVAILABILITY.search(t))
        names_option = self._reader.names_a_variant(mentions) or seen.names_something or (asks and bool(
            seen.unknown_colour or (seen.unknown_size and (
                not seen.unknown_size.isdigit() or bool(candidate and candidate.numbered_like(seen.unknown_size))))))
        if names_option and not asks and not seen.names_something and seen.unknown_colour and any(
                m.end == hit.start or m.start == hit.end for m in mentions.colours for hit in mentions.named):
            names_option = False  # a colour word the product lacks glued to its name is part of a name: "奶油面包"
        rest = self._rest(t, mentions, seen, candidate)
        # A variant and nothing else ("奶白 110", "七号香辣250") asks for it; inside a sentence it may be chatter.
        # "黑色L码什么时候补货", "蹲一个黑色L": asking when it is back, or to wait for it, is asking for it.
        if names_option:
            waits = intents.WHEN_BACK.search(t) or waitlist_cues.JOIN.search(t)
            # "什么18号", "什么抖s": asking what something is, not for a variant
            asks_what = bool(_WHAT.search(t)) and not intents.AVAILABILITY.search(t)
            names_option = bool(waits) or (len(rest) <= (2 if question else 1) and not asks_what)
        # A link and nothing else ("10号链接") asks for it, and for which product it is when the lineup lacks it.
        asks_link = bool(links) and lone_link and (links[0].definite or stock_word)
        intent = self._intent(t, colours_asked or sizes_asked or kinds_asked, names_option or asks_link, has_subject,
                              mentions.measurements)
        if intent == "other" and language not in OFFLINE_LANGUAGES and _ASKS_IN_ANY_LANGUAGE.search(t):
            intent = "availability"  # a question in a language read by the LLM path only: declined, never guessed
        # "这个" and a question, or a stock word, about something else than the shop's goods: "这个bgm是啥？",
        # "还有午夜场？", "有没有喜洋洋", "人气值还没到货吗". What is left besides the cue words must be next to nothing.
        named_subject = bool(mentions.named or mentions.fragments or links or mentions.kinds or mentions.broad)
        vague = False  # a stock word amid other talk: only a clear description match makes it a question
        # the product's own options named with a stock word ("送人的礼盒装一级有没") are no vague talk either
        if intent == "availability" and language in OFFLINE_LANGUAGES and not (
                names_option or named_subject or colours_asked or sizes_asked or kinds_asked
                or (seen.colours and seen.sizes)):
            left = intents.AVAILABILITY.sub("", intents.DEICTIC.sub("", rest))
            # "柠檬有吗", "孜然味有吗": a word for an option the product may lack, asked on its own.
            asks_option = len(left) <= 4 and not re.search(r"[a-z]", left) and _ASKS_OPTION.fullmatch(t)
            vague = len(left) > 1 and not asks_option
        sizes = asked_sizes(mentions, intent == "size_advice")

        def semantic() -> tuple[str, float] | None:
            query = self._content_words(mentions.scan, mentions.colours, sizes)
            return self._semantic_match(query) if self._semantic_match and query else None

        clues = Clues(mentions.named, mentions.fragments, mentions.kinds, mentions.broad, mentions.links, mentions.colours, sizes,
                      mentions.deictic, mentions.shade_product, intent != "other")  # fmt: skip
        resolved = self._resolver.resolve(clues, None if vague else focus, context.lineup,
                                          semantic if self._semantic_match else None)
        if vague and resolved.source != "semantic":
            resolved = Resolved()
        product_id = resolved.product_id
        if resolved.link and not resolved.link.definite:
            sizes = [m for m in sizes if not (resolved.link.start <= m.start < resolved.link.end)]
        blocked = [*mentions.named_spans, *mentions.measurements.spans,
                   *((m.start, m.end) for m in mentions.links
                     if (m.definite or resolved.link == m or context.lineup.get(m.number) == product_id)
                     and t[m.start] != "#")]
        reading = self._options[product_id].read(t, sizes, blocked, mentions.named_spans) if product_id else OptionReading()
        if intent == "size_advice":
            # "平时穿75B选哪个": the viewer's usual size, not the one asked for; "手腕16.5戴哪个" the viewer's wrist,
            # no size the product lacks
            reading.sizes, reading.unknown_size = [], None
        # "4号 6.0", "1号 麦饭石灰30": a link or a product's name and its options, and nothing else
        if intent == "other" and (resolved.link or resolved.source in ("name", "alias")) and (
                reading.colours or reading.sizes) and not intents.CHATTER.search(t) \
                and not self._rest(t, mentions, reading, self._options[product_id or ""]):
            intent = "availability"
        colour = reading.colours[0] if reading.colours else None
        size = reading.sizes[0] if reading.sizes else None
        unknown_colour, unknown_size = reading.unknown_colour, reading.unknown_size
        variants: tuple[tuple[str | None, str | None], ...] = ()
        if len(reading.colours) > 1 and len(reading.sizes) > 1 and product_id:
            variants = paired_variants(t, self._options[product_id], reading, sizes, blocked, mentions.named_spans)
            colour, size = variants[0] if variants else (colour, size)
        if not variants and (len(reading.colours) > 1 or len(reading.sizes) > 1):
            colour_options: list[str | None] = list(reading.colours) or [None]
            size_options: list[str | None] = list(reading.sizes) or [None]
            variants = tuple((c, z) for c in colour_options for z in size_options)
        asks_for: AsksFor = (
            "colours" if colours_asked or (kinds_asked and product_id and len(self._options[product_id].colour_labels) > 1)
            else "sizes" if sizes_asked or kinds_asked
            else "variant" if colour or size or unknown_colour or unknown_size
            else "product"
        )  # fmt: skip
        chatter = intent == "other" and not intents.QUESTION.search(t)
        return Understanding(
            intent=intent,
            language=language,
            product_id=product_id,
            colour=colour,
            size=size,
            confidence=resolved.confidence if product_id else 0.0,
            product_source=resolved.source if product_id else None,
            asks_for=asks_for,
            height_cm=mentions.measurements.height_cm,
            weight_kg=mentions.measurements.weight_kg,
            unknown_colour=unknown_colour,
            unknown_size=unknown_size,
            unknown_product=resolved.unknown_product,
            skip_reason="chatter" if chatter else None,
            traditional=norm.traditional,
            variants=variants,
            size_family=tuple(reading.size_family),
            colour_family=tuple(reading.colour_family),
            missing_link=resolved.missing_link,
            vague=vague,
        )

    @staticmethod
    def _intent(t: str, asks_range: bool, has_variant: bool, has_subject: bool, measured: Measurements) -> Intent:
        if measured.height_cm or measured.weight_kg or intents.SIZE_ADVICE.search(t):
            return "size_advice"
        stock_words = asks_range or bool(intents.AVAILABILITY.search(t))
        if intents.OTHER_TOPIC.search(t) and not (stock_words and has_variant):
            return "other"
        if stock_words:
            return "availability"
        if intents.CHATTER.search(t):
            return "other"
        if has_variant or (has_subject and intents.WEAK_QUESTION.search(t)):
            return "availability"
        return "other"

    @staticmethod
    def _only(t: str, link: LinkMention) -> bool:
        """Whether the comment says nothing but the link, stock words and filler ("8号有没", "10号链接")."""
        left = intents.AVAILABILITY.sub("", blank(t, [(link.start, link.end)]))
        return not _FILLER.sub("", _FUNCTION_WORDS.sub("", left)).strip()

    @staticmethod
    def _rest(t: str, mentions: Mentions, seen: OptionReading, options: ProductOptions | None) -> str:
        """What a comment says besides products, links, options and filler words."""
        spans = [*mentions.named_spans, *((m.start, m.end) for m in mentions.links),
                 *((m.start, m.end) for m in mentions.colours), *((m.start, m.end) for m in mentions.sizes),
                 *mentions.measurements.spans, *seen.spans]
        rest = blank(t, spans)
        if options is not None:  # "日抛" beside "三十片装": the rest of a label named, written next to it
            rest = _blank_beside(rest, options.words_beside(seen), spans)
        if options is not None and options.label_words:
            if options.naming_words is not None:
                rest = options.naming_words.sub(" ", rest)
            rest = " ".join(w for w in rest.split(" ") if w not in options.label_words)
        # counts first: "4包" is a count before 4 is taken as a stray digit and 包 left as talk
        return _FILLER.sub("", _FUNCTION_WORDS.sub("", _COUNT.sub(" ", rest)))

    @staticmethod
    def _content_words(scan: str, colours: list[ColourMention], sizes: list[SizeMention]) -> str:
        """The comment without stock words, colours and sizes: what may name a product ("大衣")."""
        rest = _FUNCTION_WORDS.sub(" ", blank(scan, [(m.start, m.end) for m in colours] + [(m.start, m.end) for m in sizes]))
        return " ".join(word for word in rest.split() if len(word) >= 2)
