"""From a batch of live comments to grounded replies: parse, read the ledger once, compose, guard, publish."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.comments import intents
from assistant.comments.ask_events import ask_event
from assistant.comments.busy_chat import BudgetState, BusyChatSettings, Candidate, SharedManners, Verdicts
from assistant.comments.composer import Composed, ReplyComposer, StockView
from assistant.comments.guard import check_reply
from assistant.comments.models import CommentIn, skipped
from assistant.comments.parse_cache import CommentUnderstanding
from assistant.comments.replay import CommentResults, SideReads
from assistant.comments.results import CommentAction, CommentIntent, CommentResult
from assistant.comments.stock_lookup import availability, next_restocks, pick_variants
from assistant.comments.understanding import OFFLINE_LANGUAGES, StreamContext, Understanding
from assistant.comments.viewer_names import mention
from assistant.container import Services
from assistant.demand.events import AskPublisher
from assistant.infra.replies import text
from assistant.streams.service import StreamState
from assistant.vocab.text import normalise, to_traditional
from assistant.waitlist.notices import candidates as notice_candidates
from assistant.waitlist.store import outbox_parts

MENTION_SLOT = "\u2063MENTIONS\u2063"
CLARIFY_BELOW = 0.6
# (stream_id, comment, understanding) -> a result, or the reason (str) it declined and the engine clarifies.
LlmFallback = Callable[[str, CommentIn, Understanding], Awaitable[CommentResult | str | None]]


@dataclass
class CommentResponse:
    """What one comments request answers: the results, the notice parts let out with them, the budget after."""

    results: list[CommentResult]
    notices: list[dict[str, Any]]
    budget: BudgetState


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


class CommentPipeline:
    def __init__(self, svc: Services, *, matcher: Any = None, busy: BusyChatSettings | None = None,
                 exact_counts: str = "low", llm_fallback: LlmFallback | None = None, llm_per_batch: int = 20,
                 result_retention_s: float = 3600):
        self.svc = svc
        self.matcher = matcher
        self.busy = busy or BusyChatSettings()
        self.composer = ReplyComposer(exact_counts)
        self.llm_fallback = llm_fallback
        self.llm_per_batch = llm_per_batch  # beyond this many unresolved comments in one batch: clarify at once
        self.manners = SharedManners(svc.redis, self.busy, svc.lost)
        self._asks = AskPublisher(svc.redis, retention_s=svc.settings.demand_retention_hours * 3600)
        self.results = CommentResults(svc.redis, result_retention_s, svc.lost)
        self._use_catalog(svc.catalog.catalog)
        svc.catalog.on_change(self._use_catalog)

    def _use_catalog(self, catalog: Catalog) -> None:
        # What a text means may change with the catalog: a fresh parser and a fresh cache.
        self._understanding = CommentUnderstanding(catalog, self.matcher.match if self.matcher is not None else None)

    async def process(self, stream_id: str, comments: list[CommentIn]) -> list[CommentResult]:
        """One result per comment, in order; a comment id answered before gets its first result again."""
        async with _room_state(self.svc, stream_id) as room:
            claimed = await self.results.claim(stream_id, comments)
            await self._answer_claimed(stream_id, room, claimed.mine, claimed.answered, [])
        return [claimed.answered[c.id].model_copy() for c in comments]

    async def respond(self, stream_id: str, comments: list[CommentIn]) -> CommentResponse:
        """process(), and what the response carries besides: the room's back-in-stock notice parts the reply
        budget lets out after the batch's replies, and the budget then (RateLimit headers). The claims, the
        budget and the pending parts are read in one round trip, the replies and the parts admitted in one."""
        waitlist = self.svc.waitlist
        cursor_key, outbox_key = waitlist.outbox_keys(stream_id) if waitlist else ("", "")
        side = SideReads(self.manners.budget_key(stream_id), cursor_key or self.manners.budget_key(stream_id),
                         outbox_key or self.manners.budget_key(stream_id),
                         waitlist.desk.parts_per_response if waitlist else 0)
        async with _room_state(self.svc, stream_id) as room:
            claimed = await self.results.claim(stream_id, comments, side)
            read, pending = _pending_notices(claimed.notices)
            # The parts are admitted after the batch's replies, numbered after its comments.
            extra = notice_candidates(pending, first_index=len(claimed.mine)) if waitlist and pending else []
            verdicts, now_ms = await self._answer_claimed(stream_id, room, claimed.mine, claimed.answered, extra)
        if verdicts is None and extra:  # every comment was answered before: the parts still go out
            now_ms = self.svc.clock()
            verdicts = await self.manners.admit(stream_id, now_ms, extra)
        notices: list[dict[str, Any]] = []
        if waitlist is not None and verdicts is not None and pending:
            let_out = {c.index - len(claimed.mine) for c in extra if c.index in verdicts.mentions}
            notices = await waitlist.desk.hand_out(stream_id, now_ms, read, pending, let_out)
        if verdicts is not None and verdicts.tokens_left is not None:
            budget = self.manners.budget_state([verdicts.tokens_left, now_ms], now_ms)
        elif claimed.budget is not None:
            budget = self.manners.budget_state(claimed.budget, self.svc.clock())
        else:  # Redis was full at the opening read: nothing was read besides the comments
            budget = await self.manners.budget(stream_id, self.svc.clock())
        return CommentResponse([claimed.answered[c.id].model_copy() for c in comments], notices, budget)

    async def _answer_claimed(self, stream_id: str, room: Awaitable[StreamState], mine: list[CommentIn],
                              answered: dict[str, CommentResult], extra: list[Candidate]
                              ) -> tuple[Verdicts | None, float]:
        """Answers the comments this request claimed into `answered`; `extra` candidates (notice parts) are
        admitted after their replies. The budget's verdicts (None: nothing was admitted) and their clock."""
        if not mine:
            return None, self.svc.clock()
        try:
            results, verdicts, now_ms = await self._answer_batch(stream_id, await room, mine, extra)
        except BaseException:
            await self.results.release(stream_id, mine)
            raise
        await self.results.keep(stream_id, mine, results)
        answered.update({c.id: r for c, r in zip(mine, results, strict=True)})
        return verdicts, now_ms

    async def _answer_batch(self, stream_id: str, state: StreamState, comments: list[CommentIn],
                            extra: list[Candidate]) -> tuple[list[CommentResult], Verdicts | None, float]:
        context = StreamContext(focus=state.focus, lineup=state.lineup)
        meanings = await self._understanding.understand([c.text for c in comments], context)
        parsed = [(c, _without_link_as_size(u, context)) for c, u in zip(comments, meanings, strict=True)]
        views = await self._read_views(parsed, state.channel)
        answers = [self._answer(c, u, views) for c, u in parsed]
        unresolved = [i for i, answer in enumerate(answers) if answer is None]
        if unresolved:
            await self._resolve_with_llm(stream_id, parsed, answers, unresolved)
        now_ms = self.svc.clock()
        results = [answer for answer in answers if answer is not None]
        assert len(results) == len(answers), "every unresolved comment was resolved above"
        if self.svc.waitlist is not None:  # joins and leaves, before manners decide which replies go out
            # Redis full: the replies stay as composed (none claims a join it could not keep); counted per batch
            with self.svc.lost.unless_full("waitlist changes (batches)"):
                await self.svc.waitlist.replies.apply(stream_id, parsed, results, int(now_ms), MENTION_SLOT)
        candidates: list[Candidate] = []
        for index, ((comment, u), result) in enumerate(zip(parsed, results, strict=True)):
            if result.action != "skip":
                key = result.key or self._question_key(result.action, u)
                signature = f"{result.reason}|{[f.sellable for f in result.facts]}"
                candidates.append(Candidate(index, comment.id, comment.user_id,
                                            mention(comment.user_name, comment.user_id, u.language), key,
                                            signature))
        verdicts = await self.manners.admit(stream_id, now_ms, [*candidates, *extra])
        ours = range(len(results))  # the verdicts on `extra` (notice parts) are the caller's
        for index, why in verdicts.skipped.items():
            if index in ours:
                results[index].skip(why)
                if index in verdicts.retry_after_ms:
                    results[index].retry_after_ms = verdicts.retry_after_ms[index]
        for index, mentions in verdicts.mentions.items():
            if index in ours:
                self._finalise(results[index], mentions)
        await self._publish(stream_id, parsed, results, int(now_ms))
        return results, verdicts, now_ms

    async def _read_views(self, parsed: list[tuple[CommentIn, Understanding]],
                          channel: str | None = None) -> dict[str, StockView]:
        """One ledger read per batch, shared by every comment in it (and their substitutes): what the room's
        channel may sell."""
        catalog = self.svc.catalog.catalog
        wanted: dict[str, Product] = {}
        for _, u in parsed:
            if u.product_id and u.intent != "other" and not u.skip_reason and u.product_id not in wanted:
                product = catalog.product(u.product_id)
                if product is None:
                    continue
                wanted[product.id] = product
                for sub in filter(None, map(catalog.product, product.substitutes)):
                    wanted[sub.id] = sub
        if not wanted:
            return {}
        read = await availability(self.svc, list(wanted.values()), channel)
        views = {pid: StockView(wanted[pid], variants) for pid, variants in read.items()}
        waiting = [v for view in views.values() for v in view.variants if v.sellable == 0 and v.incoming > 0]
        if waiting:
            restocks = await next_restocks(self.svc, waiting)
            for view in views.values():
                view.restocks.update({v.sku: restocks[v.sku] for v in view.variants if v.sku in restocks})
        return views

    def _answer(self, comment: CommentIn, u: Understanding, views: dict[str, StockView]) -> CommentResult | None:
        """The offline answer; None when the LLM should try first (unknown product or a shaky guess)."""
        if u.skip_reason:  # never answered; a stock question inside an attack still names what it asked about
            named = {"product_id": u.product_id, "colour": u.colour, "size": u.size} if u.attack_intent else {}
            return skipped(comment, "other", u.language, u.skip_reason, **named)
        if u.intent == "other":
            return skipped(comment, "other", u.language, "not_a_stock_question")
        if u.language not in OFFLINE_LANGUAGES:  # never guess a variant in a language it cannot read
            return None if self.llm_fallback is not None else skipped(comment, u.intent, u.language,
                                                                      "language_not_supported")
        view = views.get(u.product_id or "")
        if view is None or u.confidence < CLARIFY_BELOW:
            return None if self.llm_fallback is not None else self._clarify(comment, u)
        when_back = bool(intents.WHEN_BACK.search(normalise(comment.text).text))
        composed = self._compose(u, view, views, _seed(comment.id + comment.text), when_back)
        result = self._result(comment, u, composed, "reply", view.product.id, u.colour, u.size)
        if u.variants:
            result.variants = [{"colour": c, "size": z} for c, z in u.variants]
        if composed.situation == "no_such_option":  # the viewer's word echoed back: say which it was
            result.not_offered = {"colour": u.unknown_colour} if u.unknown_colour else {"size": u.unknown_size}
        return result

    @staticmethod
    def _result(comment: CommentIn, u: Understanding, composed: Composed, action: str, product_id: str | None,
                colour: str | None, size: str | None) -> CommentResult:
        return CommentResult(
            comment_id=comment.id, intent=CommentIntent(u.intent), language=u.language, product_id=product_id, colour=colour,
            size=size, facts=list(composed.basis.facts), reply=composed.reply, action=CommentAction(action),
            reason=composed.situation,
        ).noted(basis=composed.basis, traditional=u.traditional and u.language == "zh")

    def _compose(self, u: Understanding, view: StockView, views: dict[str, StockView], seed: int,
                 when_back: bool = False) -> Composed:
        lang = u.language
        if u.intent == "size_advice":
            advice = self.composer.size_advice(view, u.height_cm, u.weight_kg, MENTION_SLOT, lang, seed)
            if advice is not None:
                return advice
        if u.unknown_colour or u.unknown_size:
            missing = "colour" if u.unknown_colour else "size"
            return self.composer.no_such_option(view, u.unknown_colour or u.unknown_size or "", missing,
                                                MENTION_SLOT, lang, seed)
        if u.variants:
            return self.composer.several(view, list(u.variants), MENTION_SLOT, lang, seed)
        subs = [views[s] for s in view.product.substitutes if s in views]
        asked = pick_variants(view.variants, u.colour, u.size)
        if u.size_family and not u.size:  # "70" of 70A/70B: those, not every size
            asked = [v for v in asked if v.size in u.size_family]
        if u.colour_family and not u.colour:
            asked = [v for v in asked if v.colour in u.colour_family]
        dimension = {"colours": "colour", "sizes": "size"}.get(u.asks_for)
        if u.intent == "size_advice" and not u.size:
            dimension = "size"  # no chart to advise from: which sizes are in stock is what helps
        return self.composer.variant_reply(view, asked or view.variants, subs, MENTION_SLOT, lang, seed,
                                           colour=u.colour, size=u.size, dimension=dimension, when_back=when_back)

    def _clarify(self, comment: CommentIn, u: Understanding, llm: str | None = None) -> CommentResult:
        declined = {"llm": llm} if llm else {}
        if u.vague:  # asking back "which product?" of chatter that only used a stock word would be noise
            return skipped(comment, "other", u.language, "not_a_stock_question", **declined)
        if u.language not in OFFLINE_LANGUAGES:
            return skipped(comment, u.intent, u.language, "language_not_supported", **declined)
        guess = self.svc.catalog.catalog.product(u.product_id) if u.product_id else None
        composed = self.composer.clarify(guess, MENTION_SLOT, u.language, _seed(comment.id))
        result = self._result(comment, u, composed, "clarify", None, u.colour if guess else None,
                              u.size if guess else None)
        if llm:
            result.llm = llm
        return result

    async def _resolve_with_llm(self, stream_id: str, parsed: list[tuple[CommentIn, Understanding]],
                                answers: list[CommentResult | None], unresolved: list[int]) -> None:
        """Concurrently, so a batch costs one time budget, not one per comment; the same words are asked once."""
        assert self.llm_fallback is not None
        by_text: dict[str, list[int]] = {}
        for index in unresolved:
            by_text.setdefault(" ".join(parsed[index][0].text.split()).lower(), []).append(index)
        groups = list(by_text.values())
        asked, over_cap = groups[:self.llm_per_batch], groups[self.llm_per_batch:]
        outcomes = await asyncio.gather(*(self.llm_fallback(stream_id, *parsed[g[0]]) for g in asked))
        for group, outcome in [*zip(asked, outcomes, strict=True), *((g, "batch_cap") for g in over_cap)]:
            for index in group:
                comment, u = parsed[index]
                if isinstance(outcome, CommentResult):
                    text = outcome.reply or ""
                    reply = text if MENTION_SLOT in text else f"{MENTION_SLOT} {text}"
                    answers[index] = outcome.model_copy(update={"comment_id": comment.id, "reply": reply})
                else:
                    answers[index] = self._clarify(comment, u, outcome or "declined")

    @staticmethod
    def _question_key(action: str, u: Understanding) -> str:
        # Language is part of the question: merged replies only gather askers of one language and script.
        return "|".join(str(x) for x in (action, u.intent, u.product_id, u.colour, u.size, u.asks_for,
                                         u.unknown_colour, u.unknown_size, u.height_cm, u.weight_kg, u.variants,
                                         u.size_family, u.language, u.traditional))

    @staticmethod
    def _finalise(result: CommentResult, mentions: list[str]) -> None:
        drafted = result.reply or ""
        reply = drafted.replace(MENTION_SLOT, " ".join(dict.fromkeys(mentions))).strip()
        problem = check_reply(reply, result.basis) if result.basis is not None else "no_basis"
        if problem is not None:
            result.skip(f"guard:{problem}")
        elif result.traditional:  # checked as composed, then in the characters the viewer wrote
            parts = drafted.split(MENTION_SLOT)
            result.reply = " ".join(dict.fromkeys(mentions)).join(to_traditional(p) for p in parts).strip()
        else:
            result.reply = reply

    async def _publish(self, stream_id: str, parsed: list[tuple[CommentIn, Understanding]],
                       results: list[CommentResult], now_ms: int) -> None:
        pairs = zip(parsed, results, strict=True)
        catalog = self.svc.catalog.catalog
        events = [ask_event(stream_id, comment, u, result, now_ms, catalog) for (comment, u), result in pairs]
        with self.svc.lost.unless_full("demand events", len(events)):  # the replies still go out
            await self._asks.publish(events)


@asynccontextmanager
async def _room_state(svc: Services, stream_id: str) -> AsyncIterator[asyncio.Task[StreamState]]:
    """The room's lineup, focus and channel, read while the batch's ids are claimed: the two reads wait for
    Redis together (one round trip's wait instead of two on the hot path). Dropped when nothing needs it."""
    task = asyncio.ensure_future(svc.streams.state(stream_id))
    try:
        yield task
    finally:
        task.cancel()  # unused (every comment answered before, or the claim refused); no-op once done
        task.add_done_callback(_retrieved)


def _retrieved(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()  # an unused read's failure is not news: mark it seen


def _pending_notices(read: tuple[Any, Any] | None) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """The opening read's notice parts: (the cursor they were read after, the parts)."""
    if read is None:
        return "", []
    cursor, rows = read
    return text(cursor) if cursor else "", outbox_parts(rows or [])


def _without_link_as_size(u: Understanding, context: StreamContext) -> Understanding:
    """"12号帽子" names link 12; when link 12 is the very product resolved, "12" is no size the viewer wants."""
    size = u.unknown_size
    if size and size.isdigit() and u.product_id and context.lineup.get(int(size)) == u.product_id:
        return replace(u, unknown_size=None, asks_for="variant" if u.colour or u.size else "product")
    return u
