"""Drafts a back-in-stock notice: replies that @mention the waiting viewers, split to the platform's length.

Each reply is one part; parts go out one reply-budget token each, so a long list spreads over several
comments responses instead of flooding the room. Viewers are addressed in the language they asked in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from assistant.catalog.models import Product
from assistant.comments.facts import Fact
from assistant.comments.guard import check_reply
from assistant.comments.phrasings import render_phrasing
from assistant.vocab.naming import variant_label
from assistant.waitlist.comments import variant_basis


def _seed(notice_id: str, part: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{notice_id}|{part}".encode(), digest_size=4).digest(), "big")


def _mention(viewer: dict[str, Any]) -> str:
    return viewer.get("mention") or f"@{viewer['user_id'][:20]}"


def _chunks(viewers: Sequence[dict[str, Any]], fits: Any, max_mentions: int) -> list[list[dict[str, Any]]]:
    chunks: list[list[dict[str, Any]]] = []
    for viewer in viewers:
        if chunks and len(chunks[-1]) < max_mentions and fits(chunks[-1] + [viewer]):
            chunks[-1].append(viewer)
        else:
            chunks.append([viewer])
    return chunks


def draft_parts(notice: dict[str, Any], product: Product, fact: Fact, *, max_chars: int, max_mentions: int,
                hold_minutes: int) -> tuple[list[dict[str, Any]], str | None]:
    """The notice's parts, and why none could be drafted (a guard refusal) or None."""
    held = {h["user_id"]: h for h in notice.get("holds", []) if h.get("hold_id")}
    groups: list[tuple[str, bool, list[dict[str, Any]]]] = []
    for lang in ("zh", "en"):
        speakers = [v for v in notice["viewers"] if (v.get("lang") or "zh") == lang]
        for with_hold in (True, False):
            chosen = [v for v in speakers if (v["user_id"] in held) == with_hold]
            if chosen:
                groups.append((lang, with_hold, chosen))
    drafts: list[tuple[str, list[dict[str, Any]], str]] = []
    for lang, with_hold, viewers in groups:
        label = variant_label(fact.colour, fact.size, lang, product)
        basis = variant_basis(product, fact.colour, fact.size, lang, [fact])

        def text(chunk: list[dict[str, Any]], lang: str = lang, label: str = label, with_hold: bool = with_hold,
                 ) -> str:
            # Held viewers hear of their hold (the ledger's hold answers), the others of the stock the facts show.
            values = {"mentions": " ".join(_mention(v) for v in chunk), "label": label, "minutes": hold_minutes}
            return render_phrasing(f"waitlist/{lang}/{'hold' if with_hold else 'notice'}.j2",
                                   _seed(notice["id"], len(drafts)), values)

        for chunk in _chunks(viewers, lambda c, t=text: len(t(c)) <= max_chars, max_mentions):
            problem = None if with_hold else check_reply(text(chunk), basis)
            if problem is not None:
                return [], problem
            drafts.append((lang, chunk, text(chunk)))
    parts = []
    for number, (lang, chunk, reply) in enumerate(drafts, start=1):
        parts.append({
            "notice_id": notice["id"], "part": number, "parts": len(drafts), "stream_id": notice["stream_id"],
            "sku": fact.sku, "product_id": product.id, "colour": fact.colour, "size": fact.size, "language": lang,
            "reply": reply[:max_chars], "mentions": [v["user_id"] for v in chunk],
            "holds": [held[v["user_id"]] for v in chunk if v["user_id"] in held],
        })
    return parts, None
