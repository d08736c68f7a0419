"""The comment side of waitlists: who joins or leaves a list, and what the reply then says.

Runs inside the comment pipeline after the replies are composed and before busy-chat manners admit them.
Only ever acts for the comment's own user_id: nothing in a comment's text names whom to add or remove.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.catalog.models import Catalog, Product
from assistant.comments.facts import Fact, ReplyBasis
from assistant.comments.models import CommentIn
from assistant.comments.phrasings import render_phrasing
from assistant.comments.results import CommentResult
from assistant.comments.understanding import Understanding
from assistant.comments.viewer_names import mention
from assistant.ledger.availability import LowStockRule
from assistant.ledger.service import Ledger
from assistant.vocab.naming import colour_label, product_name, size_label, variant_label
from assistant.waitlist import cues
from assistant.waitlist.store import Join, WaitlistStore

NEVER_ACT_ON = {"injection", "abuse"}


@dataclass
class _Op:
    index: int
    kind: str  # join | join_alone | leave
    comment: CommentIn
    lang: str
    sku: str | None = None
    group: tuple[str, ...] = ()  # "黑色还有吗" with every black size sold out: one join per size, one reply line


def _seed(comment: CommentIn) -> int:
    return int.from_bytes(hashlib.blake2b(comment.id.encode(), digest_size=4).digest(), "big")


def variant_basis(product: Product, colour: str | None, size: str | None, lang: str,
                  facts: Sequence[Fact]) -> ReplyBasis:
    """What a waitlist reply may name: the variant's labels and the ledger facts it was built from."""
    labels = {product_name(product, lang), *product.aliases, variant_label(colour, size, lang, product)}
    if colour:
        labels |= {colour, colour_label(colour, lang, product)}
    if size:
        labels |= {size, size_label(size, lang)}
    return ReplyBasis(facts=list(facts), labels=labels)


class WaitlistReplies:
    def __init__(self, store: WaitlistStore, ledger: Ledger, catalog: Callable[[], Catalog], low_stock: LowStockRule):
        self.store, self.ledger, self.catalog, self.low_stock = store, ledger, catalog, low_stock

    async def apply(self, stream_id: str, parsed: Sequence[tuple[CommentIn, Understanding]],
                    results: list[CommentResult], now_ms: int, slot: str) -> None:
        """Joins and leaves for this batch; the replies they touch say what was done (only once done)."""
        ops = [op for index, ((comment, u), result) in enumerate(zip(parsed, results, strict=True))
               for op in self._ops(index, comment, u, result)]
        if not ops:
            return
        bare = [op for op in ops if op.kind == "join_alone"]
        last = await self.store.last_joined(stream_id, list(dict.fromkeys(op.comment.user_id for op in bare)))
        for op in bare:
            op.sku = last.get(op.comment.user_id)
        bare_skus = sorted({op.sku for op in bare if op.sku})
        stocks = await self.ledger.read(bare_skus) if bare_skus else {}
        waiting = {sku: set(await self.store.waiting(stream_id, sku, now_ms)) for sku in bare_skus}
        joins: list[tuple[_Op, Join]] = []
        for op in ops:
            if op.kind == "leave" or not op.sku:
                continue
            if op.kind == "join_alone":
                if op.comment.user_id in waiting[op.sku]:
                    self._say_alone(results, op, "already", stocks.get(op.sku), 0, slot)
                    continue
                stock = stocks.get(op.sku)
                if stock is None or stock.sellable > 0:
                    continue  # back in stock already: the pipeline's own answer stands
            joins.append((op, Join(stream_id, op.sku, op.comment.user_id,
                                   mention(op.comment.user_name, op.comment.user_id, op.lang), op.lang)))
        grouped: dict[int, list[tuple[_Op, bool]]] = {}
        for (op, _), (added, size) in zip(joins, await self.store.join_many([j for _, j in joins], int(now_ms)),
                                          strict=True):
            if op.group:
                grouped.setdefault(op.index, []).append((op, added))
            elif op.kind == "join":
                self._say_joined(results[op.index], op, added, size)
            else:
                self._say_alone(results, op, "joined_alone", stocks.get(op.sku or ""), size, slot, added)
        for index, joined in grouped.items():
            self._say_joined_colour(results[index], joined)
        for op in ops:
            if op.kind == "leave":
                left = await self.store.leave(stream_id, op.comment.user_id, [op.sku] if op.sku else None)
                if left:
                    self._say_left(results, op, left, slot)

    @staticmethod
    def _ops(index: int, comment: CommentIn, u: Understanding, result: CommentResult) -> list[_Op]:
        if u.skip_reason in NEVER_ACT_ON or result.reason in NEVER_ACT_ON:
            return []
        asked = [f for f in result.facts if f.role == "asked"]
        one = asked[0] if len(asked) == 1 else None
        if cues.wants_to_leave(comment.text):
            return [_Op(index, "leave", comment, u.language, one.sku if one else None)]
        if cues.speaks_for_someone_else(comment.text):
            return []  # "帮@小红蹲一个": a comment speaks for its writer only, and this one does not
        if one is not None and one.sellable == 0 and result.action == "reply":
            return [_Op(index, "join", comment, u.language, one.sku)]
        # "黑色还有吗" and every black size is sold out: the viewer waits for the colour, so they join each size's
        # list (the notice names the size that came back) rather than being asked which size in a busy chat.
        if (result.action == "reply" and u.colour and not u.size and len(asked) > 1
                and all(f.sellable == 0 and f.colour == u.colour for f in asked)):
            group = tuple(f.sku for f in asked)
            return [_Op(index, "join", comment, u.language, sku, group) for sku in group]
        if not asked and cues.wants_to_join(comment.text):
            return [_Op(index, "join_alone", comment, u.language)]
        return []

    def _describe(self, sku: str, lang: str) -> tuple[Product, str, str | None, str | None] | None:
        product = self.catalog().product_of_sku(sku)
        if product is None:
            return None
        variant = next(v for v in product.variants if v.sku == sku)
        return product, variant_label(variant.colour, variant.size, lang, product), variant.colour, variant.size

    def _say_joined(self, result: CommentResult, op: _Op, added: bool, size: int) -> None:
        described = self._describe(op.sku or "", op.lang)
        result.waitlist = {"action": "joined" if added else "already", "sku": op.sku, "waiting": size}
        if described is None or not result.reply:
            return
        line = render_phrasing(f"waitlist/{op.lang}/joined.j2", _seed(op.comment), {"label": described[1]})
        result.reply = then_say(result.reply, line, op.lang)
        if result.basis is not None:
            result.basis.labels.add(described[1])

    def _say_joined_colour(self, result: CommentResult, joined: list[tuple[_Op, bool]]) -> None:
        first = joined[0][0]
        product = self.catalog().product_of_sku(first.sku or "")
        skus = [op.sku for op, _ in joined]
        action = "joined" if any(added for _, added in joined) else "already"
        result.waitlist = {"action": action, "skus": skus}
        if product is None or not result.reply:
            return
        colour = next(v.colour for v in product.variants if v.sku == first.sku)
        label = variant_label(colour, None, first.lang, product)
        line = render_phrasing(f"waitlist/{first.lang}/joined.j2", _seed(first.comment), {"label": label})
        result.reply = then_say(result.reply, line, first.lang)
        if result.basis is not None:
            result.basis.labels.add(label)

    def _say_alone(self, results: list[CommentResult], op: _Op, situation: str, stock: Any, size: int,
                   slot: str, added: bool = False) -> None:
        """A comment that only says "蹲一个": the reply names the variant it was taken to mean."""
        described = self._describe(op.sku or "", op.lang)
        if described is None:
            return
        product, label, colour, size_label_ = described
        sellable = stock.sellable if stock is not None else 0
        fact = Fact(op.sku or "", product.id, colour, size_label_, sellable, self.low_stock.status(stock))
        reply = render_phrasing(f"waitlist/{op.lang}/{situation}.j2", _seed(op.comment),
                                {"mentions": slot, "label": label})
        action = "joined" if added else "already"
        results[op.index] = _replaced(
            results[op.index], intent="availability", product_id=product.id, colour=colour, size=size_label_,
            facts=[fact], reply=reply, action="reply", reason=f"waitlist_{action}",
            waitlist={"action": action, "sku": op.sku, "waiting": size or None},
        ).noted(basis=variant_basis(product, colour, size_label_, op.lang, [fact]),
                key=f"waitlist|{action}|{op.sku}")

    def _say_left(self, results: list[CommentResult], op: _Op, left: list[str], slot: str) -> None:
        described = [d for d in (self._describe(sku, op.lang) for sku in left) if d is not None]
        label = "、".join(d[1] for d in described) if op.lang == "zh" else ", ".join(d[1] for d in described)
        reply = render_phrasing(f"waitlist/{op.lang}/left.j2", _seed(op.comment), {"mentions": slot, "label": label})
        first = described[0] if described else None
        basis = (variant_basis(first[0], first[2], first[3], op.lang, []) if first else ReplyBasis())
        basis.labels |= {d[1] for d in described} | {label}
        results[op.index] = _replaced(
            results[op.index], product_id=first[0].id if first else results[op.index].product_id, reply=reply,
            action="reply", reason="waitlist_left", waitlist={"action": "left", "skus": left},
        ).noted(basis=basis, key=f"waitlist|left|{'|'.join(left)}")


_SENTENCE_ENDS = ".!?。！？～~…)）"


def then_say(reply: str, sentence: str, lang: str) -> str:
    """The reply, then one more sentence: a composed reply ends without a full stop ("… black in size L still in
    stock"), so the stop goes where the two meet, in the reply's language."""
    reply = reply.rstrip()
    if reply and reply[-1] not in _SENTENCE_ENDS:
        reply += "." if lang == "en" else "。"
    return f"{reply} {sentence}" if lang == "en" else f"{reply}{sentence}"


def _replaced(result: CommentResult, **changes: Any) -> CommentResult:
    """The comment's result with a waitlist reply in place of the pipeline's (validated like any result)."""
    replaced = CommentResult.model_validate({**result.model_dump(), **changes})
    return replaced.noted(traditional=result.traditional)
