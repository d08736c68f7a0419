"""Which size words of a comment ask for a size (not the size the viewer usually wears), and which colour goes
with which size when one comment asks for several."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.comments.mentions import Mentions, blank
from assistant.vocab.lexicon import SizeMention
from assistant.vocab.options import OptionReading, ProductOptions

# "平时穿38" is the size the viewer usually wears, not the one asked about.
_USUAL_SIZE = re.compile(
    r"(?:平时|平常|一般|通常|日常|之前|以前|平日)都?(?:穿|买|拍|是)的?\s?(?:码数?|尺码)?\s?$"
    r"|(?:usually|normally|always|typically) (?:wear|take|buy|get|am)? ?(?:a |an |size )?$|i wear (?:a |size )?$"
)


def asked_sizes(mentions: Mentions, size_advice: bool) -> list[SizeMention]:
    if not size_advice:
        return mentions.sizes
    scan = mentions.scan
    return [m for m in mentions.sizes if not _USUAL_SIZE.search(scan, max(0, m.start - 20), m.start)]


# A clause: words between spaces, punctuation or a joining word ("沙漠黄600W跟军绿2400W", "1C0正装和2N0小样").
_CLAUSE = re.compile(r"(?:(?!和|跟|与|以及|还有|\band\b)[^\s,，、;；。!！+&])+")
Pair = tuple[str | None, str | None]


def paired_variants(text: str, options: ProductOptions, reading: OptionReading, sizes: list[SizeMention],
                    blocked: Sequence[tuple[int, int]], named: Sequence[tuple[int, int]]) -> tuple[Pair, ...]:
    """"蓝的要1T 黑的要512": each clause its own colour and size, not every colour with every size. Empty when
    the clauses do not each name one of both (then every combination is asked: "黑白都要M和L")."""
    clauses = [m.span() for m in _CLAUSE.finditer(text)]
    if len(clauses) < 2:
        return ()
    pairs: list[Pair] = []
    for start, end in clauses:
        others = [span for span in clauses if span != (start, end)]
        inside = [m for m in sizes if start <= m.start < end]
        part = options.read(blank(text, others), inside, blocked, named)
        if not (part.colours or part.sizes):
            continue
        if len(part.colours) != 1 or len(part.sizes) != 1:
            return ()
        pairs.append((part.colours[0], part.sizes[0]))
    if len(pairs) < 2 or {c for c, _ in pairs} != set(reading.colours) or {z for _, z in pairs} != set(reading.sizes):
        return ()
    return tuple(pairs)
