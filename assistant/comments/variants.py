"""Which size words of a comment ask for a size (not the size the viewer usually wears)."""

from __future__ import annotations

import re

from assistant.comments.mentions import Mentions
from assistant.vocab.lexicon import SizeMention

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
