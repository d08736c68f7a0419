"""Drafts a back-in-stock notice: replies that @mention the waiting viewers, split to the platform's length.

Each reply is one part; parts go out one reply-budget token each, so a long list spreads over several
comments responses instead of flooding the room. Viewers are addressed in the language they asked in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from assistant.catalog.models import Product
from assistant.comments.display import variant_label
from assistant.comments.facts import Fact
from assistant.comments.guard import check_reply
from assistant.comments.phrasings import render_phrasing
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
    held = {h["user_id"]: h["hold_id"] for h in notice.get("holds", []) if h.get("hold_id")}
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
        hold_line = render_phrasing(f"waitlist/{lang}/hold.j2", 0, {"minutes": hold_minutes}) if with_hold else ""

        def body(chunk: list[dict[str, Any]], lang: str = lang, label: str = label) -> str:
            mentions = " ".join(_mention(v) for v in chunk)
            return render_phrasing(f"waitlist/{lang}/notice.j2", _seed(notice["id"], len(drafts)),
                                   {"mentions": mentions, "label": label})

        def full(chunk: list[dict[str, Any]], hold_line: str = hold_line) -> str:
            return f"{body(chunk)} {hold_line}".strip()

        for chunk in _chunks(viewers, lambda c, f=full: len(f(c)) <= max_chars, max_mentions):
            problem = check_reply(body(chunk), basis)  # the stock claim; the hold line comes from the ledger's holds
            if problem is not None:
                return [], problem
            drafts.append((lang, chunk, full(chunk)))
    parts = []
    for number, (lang, chunk, reply) in enumerate(drafts, start=1):
        parts.append({
            "notice_id": notice["id"], "part": number, "parts": len(drafts), "stream_id": notice["stream_id"],
            "sku": fact.sku, "product_id": product.id, "colour": fact.colour, "size": fact.size, "language": lang,
            "reply": reply[:max_chars], "mentions": [v["user_id"] for v in chunk],
            "holds": [{"user_id": v["user_id"], "hold_id": held[v["user_id"]]} for v in chunk if v["user_id"] in held],
        })
    return parts, None
