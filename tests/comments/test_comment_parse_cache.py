"""Each text is parsed once per room context, and the semantic matcher never runs on the event loop."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.catalog.models import Catalog
from assistant.comments.parse_cache import CommentUnderstanding
from assistant.comments.understanding import CommentParser, StreamContext

CATALOG = Catalog.model_validate_json((Path(__file__).parent / "data" / "test-catalog.json").read_text("utf-8"))
VAGUE = "有没有大衣"  # no name or alias in the catalog: only the semantic matcher can say which product


class FakeMatcher:
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.threads: set[int] = set()

    def __call__(self, query: str) -> tuple[str, float] | None:
        self.queries.append(query)
        self.threads.add(threading.get_ident())
        return ("TC-310", 0.95)


async def test_semantic_queries_run_in_worker_threads_and_texts_are_parsed_once() -> None:
    matcher = FakeMatcher()
    understanding = CommentUnderstanding(CATALOG, matcher)
    room = StreamContext(focus=None, lineup={1: "SW-201"})
    texts = [VAGUE, "黑色XL还有吗", VAGUE]

    first = await understanding.understand(texts, room)
    second = await understanding.understand(texts, room)
    elsewhere = await understanding.understand([VAGUE], StreamContext(focus="SW-201", lineup={1: "SW-201"}))

    direct = CommentParser(CATALOG, FakeMatcher()).parse(VAGUE, room)
    assert first[0] == first[2] == second[0] == direct and direct.product_id == "TC-310"
    assert len(matcher.queries) == 1  # once for the batch, never again for the same words in the room
    assert threading.get_ident() not in matcher.threads
    assert first[1] is second[1]  # cached, not parsed again
    assert elsewhere[0] == CommentParser(CATALOG, FakeMatcher()).parse(VAGUE, StreamContext("SW-201", {1: "SW-201"}))


async def test_a_failing_matcher_leaves_the_comment_unresolved_not_lost() -> None:
    def broken(query: str) -> tuple[str, float] | None:
        raise RuntimeError("chromadb is down")

    understanding = CommentUnderstanding(CATALOG, broken)

    [meaning] = await understanding.understand([VAGUE], StreamContext())

    assert meaning.intent == "availability" and meaning.product_id is None
