"""Understanding a batch of comments without repeating work or blocking the event loop.

* The same words in the same room mean the same thing: a busy room repeats itself ("黑色L码还有吗" from
  dozens of viewers, "还有吗"), and understanding depends only on the text, the room's focus and lineup and
  the catalog. So each text is parsed once per room context; a catalog change builds a new cache.
* The chromadb matcher embeds its query (tens of ms of CPU, more when OpenMP threads spin). The parser must
  not do that on the event loop: it parses with the answers already known, the unknown queries are embedded
  in worker threads, and only the comments that needed one are parsed again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from assistant.catalog.models import Catalog
from assistant.comments.understanding import CommentParser, StreamContext, Understanding

log = logging.getLogger(__name__)

Match = tuple[str, float] | None
MAX_TEXTS_PER_CONTEXT = 10_000
MAX_CONTEXTS = 16  # rooms (focus + lineup combinations) remembered at once
MAX_QUERIES = 20_000


class SemanticMemo:
    """The matcher's answers known so far; a lookup of an unknown query answers None and notes it."""

    def __init__(self, match: Callable[[str], Match]):
        self._match = match
        self._known: dict[str, Match] = {}
        self.missed: set[str] = set()
        self.missed_now = False

    def lookup(self, query: str) -> Match:
        if query in self._known:
            return self._known[query]
        self.missed.add(query)
        self.missed_now = True
        return None

    async def fill(self) -> None:
        queries, self.missed = list(self.missed), set()
        try:
            answers = await asyncio.gather(*(asyncio.to_thread(self._match, q) for q in queries))
        except Exception:  # the matcher is a helper: without it a comment is clarified, not lost
            log.exception("semantic matcher failed for %d queries", len(queries))
            return
        for query, answer in zip(queries, answers, strict=True):
            self._known[query] = answer
        while len(self._known) > MAX_QUERIES:
            del self._known[next(iter(self._known))]


class CommentUnderstanding:
    def __init__(self, catalog: Catalog, match: Callable[[str], Match] | None):
        self.semantic = SemanticMemo(match) if match is not None else None
        self.parser = CommentParser(catalog, self.semantic.lookup if self.semantic else None)
        self._by_context: dict[tuple[object, ...], dict[str, Understanding]] = {}

    def _texts_for(self, context: StreamContext) -> dict[str, Understanding]:
        key = (context.focus, tuple(sorted(context.lineup.items())))
        known = self._by_context.pop(key, None)
        if known is None:
            known = {}
            while len(self._by_context) >= MAX_CONTEXTS:
                del self._by_context[next(iter(self._by_context))]
        self._by_context[key] = known  # most recently used context last
        return known

    async def understand(self, texts: list[str], context: StreamContext) -> list[Understanding]:
        known = self._texts_for(context)
        understood: list[Understanding] = []
        waiting: list[int] = []  # comments parsed without an embedding they needed
        for index, text in enumerate(texts):
            meaning = known.get(text)
            if meaning is None:
                meaning = self._parse(text, context)
                if self.semantic is not None and self.semantic.missed_now:
                    waiting.append(index)
                else:
                    self._remember(known, text, meaning)
            understood.append(meaning)
        if waiting and self.semantic is not None:
            await self.semantic.fill()
            for index in waiting:
                understood[index] = self._parse(texts[index], context)
                if not self.semantic.missed_now:
                    self._remember(known, texts[index], understood[index])
        return understood

    def _parse(self, text: str, context: StreamContext) -> Understanding:
        if self.semantic is not None:
            self.semantic.missed_now = False
        return self.parser.parse(text, context)

    @staticmethod
    def _remember(known: dict[str, Understanding], text: str, meaning: Understanding) -> None:
        known[text] = meaning
        if len(known) > MAX_TEXTS_PER_CONTEXT:
            del known[next(iter(known))]  # oldest first; a hot text is simply parsed again
