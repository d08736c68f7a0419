"""From a batch of live comments to grounded replies: parse, read the ledger once, compose, guard, publish."""

from __future__ import annotations

import hashlib
import math
from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.comments.busy_chat import BusyChatSettings, StreamManners
from assistant.comments.composer import Composed, ReplyComposer, StockView
from assistant.comments.display import colour_label, join_options, mention, product_name, size_label
from assistant.comments.guard import check_reply
from assistant.comments.models import CommentIn, skipped
from assistant.comments.understanding import CommentParser, StreamContext, Understanding
from assistant.container import Services
from assistant.demand.events import AskEvent, publish
from assistant.ledger.availability import availability_of
from prompts import render

MENTION_SLOT = "\u2063MENTIONS\u2063"
CLARIFY_BELOW = 0.6


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


class CommentPipeline:
    def __init__(self, svc: Services, *, matcher: Any = None, busy: BusyChatSettings | None = None,
                 exact_counts: str = "low", llm_fallback: Any = None):
        self.svc = svc
        self.matcher = matcher
        self.busy = busy or BusyChatSettings()
        self.composer = ReplyComposer(exact_counts)
        self.llm_fallback = llm_fallback  # async (comment, understanding, stream_id) -> dict | None
        self.manners: dict[str, StreamManners] = {}
        self._parser = self._build_parser(svc.catalog.catalog)
        svc.catalog.on_change(lambda catalog: setattr(self, "_parser", self._build_parser(catalog)))

    def _build_parser(self, catalog: Catalog) -> CommentParser:
        return CommentParser(catalog, self.matcher.match if self.matcher is not None else None)

    def _manners(self, stream_id: str) -> StreamManners:
        if stream_id not in self.manners:
            self.manners[stream_id] = StreamManners(self.busy)
        return self.manners[stream_id]

    async def process(self, stream_id: str, comments: list[CommentIn]) -> list[dict[str, Any]]:
        state = await self.svc.streams.state(stream_id)
        context = StreamContext(focus=state.focus, lineup=state.lineup)
        parser = self._parser
        parsed = [(c, parser.parse(c.text, context)) for c in comments]
        views = await self._read_views(parsed)
        now_ms = self.svc.clock()
        manners = self._manners(stream_id)
        results: list[dict[str, Any]] = []
        groups: dict[str, int] = {}  # question key -> index of the result that answers it in this batch
        mentions_of: dict[int, list[str]] = {}
        for comment, understood in parsed:
            result = await self._answer(stream_id, comment, understood, views)
            key = self._question_key(understood) if result["action"] == "reply" else None
            if key is not None:
                result = self._apply_manners(result, comment, key, groups, mentions_of, manners, now_ms / 1000,
                                             results)
            results.append(result)
        for index, mentions in mentions_of.items():
            self._finalise(results[index], mentions)
        await self._publish(stream_id, parsed, results, views, int(now_ms))
        for result in results:
            result.pop("_basis", None)
            result.pop("_composed_reply", None)
        return results

    async def _read_views(self, parsed: list[tuple[CommentIn, Understanding]]) -> dict[str, StockView]:
        """One ledger read per batch, shared by every comment in it (and their substitutes)."""
        catalog = self.svc.catalog.catalog
        wanted: dict[str, Product] = {}
        for _, u in parsed:
            if u.product_id and u.intent != "other" and not u.skip_reason:
                product = catalog.product(u.product_id)
                if product is None:
                    continue
                wanted[product.id] = product
                for sub_id in product.substitutes:
                    sub = catalog.product(sub_id)
                    if sub is not None:
                        wanted[sub.id] = sub
        skus = [v.sku for p in wanted.values() for v in p.variants]
        stocks = await self.svc.ledger.read(skus) if skus else {}
        rule = self.svc.low_stock
        views = {pid: StockView(p, [availability_of(v.sku, v.colour, v.size, stocks.get(v.sku), rule)
                                    for v in p.variants]) for pid, p in wanted.items()}
        now_ms = self.svc.clock()
        for view in views.values():
            for variant in view.variants:
                if variant.sellable == 0 and variant.incoming > 0:
                    detail = await self.svc.ledger.detail(variant.sku)
                    etas = [int(s["eta_ms"]) for s in detail.incoming if int(s["eta_ms"]) > now_ms]
                    if etas:
                        view.restock_days[variant.sku] = max(1, math.ceil((min(etas) - now_ms) / 86_400_000))
        return views

    async def _answer(self, stream_id: str, comment: CommentIn, u: Understanding,
                      views: dict[str, StockView]) -> dict[str, Any]:
        if u.skip_reason:
            return skipped(comment, "other", u.language, u.skip_reason)
        if u.intent == "other":
            return skipped(comment, "other", u.language, "not_a_stock_question")
        view = views.get(u.product_id or "")
        if view is None or u.confidence < CLARIFY_BELOW:
            if self.llm_fallback is not None:
                answered = await self.llm_fallback(stream_id, comment, u)
                if answered is not None:
                    return answered
            return self._clarify(comment, u)
        seed = _seed(comment.id + comment.text)
        composed = self._compose(u, view, views, seed)
        return {"comment_id": comment.id, "intent": u.intent, "language": u.language,
                "product_id": view.product.id, "colour": u.colour, "size": u.size,
                "facts": [f.public() for f in composed.basis.facts], "reply": composed.reply,
                "action": "reply", "reason": composed.situation, "_basis": composed.basis}

    def _compose(self, u: Understanding, view: StockView, views: dict[str, StockView], seed: int) -> Composed:
        lang = u.language
        if u.intent == "size_advice":
            advice = self.composer.size_advice(view, u.height_cm, u.weight_kg, MENTION_SLOT, lang, seed)
            if advice is not None:
                return advice
        subs = [views[s] for s in view.product.substitutes if s in views]
        if u.unknown_colour or u.unknown_size:
            return self._no_such_option(u, view, seed)
        asked = [v for v in view.variants
                 if (u.colour is None or v.colour == u.colour) and (u.size is None or v.size == u.size)]
        dimension = {"colours": "colour", "sizes": "size"}.get(u.asks_for)
        if len(asked) > 1 or dimension:
            return self.composer.variant_reply(view, asked or view.variants, subs, MENTION_SLOT, lang, seed,
                                               colour=u.colour, size=u.size, dimension=dimension)
        return self.composer.variant_reply(view, asked or view.variants, subs, MENTION_SLOT, lang, seed,
                                           colour=u.colour, size=u.size)

    def _no_such_option(self, u: Understanding, view: StockView, seed: int) -> Composed:
        dimension = "colour" if u.unknown_colour else "size"
        composed = self.composer.variant_reply(view, view.variants, [], MENTION_SLOT, u.language, seed,
                                               colour=None, size=None, dimension=dimension)
        if composed.situation != "options":
            return composed
        options = [f.colour if dimension == "colour" else f.size for f in composed.basis.facts]
        shown = list(dict.fromkeys(
            colour_label(o, u.language, view.product) if dimension == "colour" else size_label(o, u.language)
            for o in options if o))
        word = ("颜色" if dimension == "colour" else "尺码") if u.language == "zh" else dimension + "s"
        asked = u.unknown_colour or u.unknown_size or ""
        composed.basis.labels.add(asked)
        reply = render(f"replies/{u.language}/no_such_option.j2", mentions=MENTION_SLOT,
                       name=product_name(view.product, u.language), asked=asked, dimension_word=word,
                       options=join_options(shown, u.language)).strip()
        return Composed(reply, composed.basis, "no_such_option")

    def _clarify(self, comment: CommentIn, u: Understanding) -> dict[str, Any]:
        guess = self.svc.catalog.catalog.product(u.product_id) if u.product_id else None
        who = mention(comment.user_name, comment.user_id)
        if guess is not None:
            text = render(f"replies/{u.language}/clarify_guess.j2", mentions=who,
                          name=product_name(guess, u.language))
        else:
            lines = render(f"replies/{u.language}/clarify.j2", mentions=who).splitlines()
            text = lines[_seed(comment.id) % len(lines)]
        return {"comment_id": comment.id, "intent": u.intent, "language": u.language, "product_id": None,
                "colour": u.colour if guess else None, "size": u.size if guess else None, "facts": [],
                "reply": text.strip(), "action": "clarify",
                "reason": "low_confidence" if guess else "product_unknown"}

    @staticmethod
    def _question_key(u: Understanding) -> str:
        return "|".join(str(x) for x in (u.intent, u.product_id, u.colour, u.size, u.asks_for,
                                         u.unknown_colour, u.unknown_size, u.height_cm, u.weight_kg))

    def _apply_manners(self, result: dict[str, Any], comment: CommentIn, key: str, groups: dict[str, int],
                       mentions_of: dict[int, list[str]], manners: StreamManners, now_s: float,
                       earlier: list[dict[str, Any]]) -> dict[str, Any]:
        settings = manners.settings
        who = mention(comment.user_name, comment.user_id)
        if manners.viewers.get(f"{comment.user_id}|{key}", now_s):
            return _skip_from(result, "viewer_cooldown")
        manners.viewers.put(f"{comment.user_id}|{key}", comment.id, now_s + settings.viewer_cooldown_s)
        first = groups.get(key)
        if first is not None and len(mentions_of[first]) < settings.max_mentions:
            mentions_of[first].append(who)
            return _skip_from(result, f"merged_into:{earlier[first]['comment_id']}")
        signature = f"{result['reason']}|{[f['sellable'] for f in result['facts']]}"
        if manners.questions.get(key, now_s) == signature:
            return _skip_from(result, "answered_recently")
        if not manners.budget.take(now_s):
            return _skip_from(result, "reply_budget")
        manners.questions.put(key, signature, now_s + settings.question_cooldown_s)
        groups[key] = len(earlier)
        mentions_of[len(earlier)] = [who]
        return result

    def _finalise(self, result: dict[str, Any], mentions: list[str]) -> None:
        reply = result["reply"].replace(MENTION_SLOT, " ".join(dict.fromkeys(mentions))).strip()
        problem = check_reply(reply, result["_basis"])
        if problem is not None:
            result.update(reply=None, action="skip", reason=f"guard:{problem}")
        else:
            result["reply"] = reply

    async def _publish(self, stream_id: str, parsed: list[tuple[CommentIn, Understanding]],
                       results: list[dict[str, Any]], views: dict[str, StockView], now_ms: int) -> None:
        pipe = self.svc.redis.pipeline(transaction=False)
        for (comment, u), result in zip(parsed, results, strict=True):
            asked = [f for f in result["facts"] if f.get("role") == "asked"]
            one = asked[0] if len(asked) == 1 else None
            publish(pipe, AskEvent(
                stream_id=stream_id, comment_id=comment.id, user_id=comment.user_id, text=comment.text[:200],
                intent=result["intent"], language=u.language, ts_ms=now_ms,
                product_id=result["product_id"] or (u.product_id if u.intent != "other" else None),
                colour=u.colour, size=u.size, sku=one["sku"] if one else None, status=one["status"] if one else None,
                unknown_colour=u.unknown_colour, unknown_size=u.unknown_size, unknown_product=u.unknown_product,
                action=result["action"]))
        await pipe.execute()


def _skip_from(result: dict[str, Any], reason: str) -> dict[str, Any]:
    return {**result, "reply": None, "action": "skip", "reason": reason, "_basis": None}
