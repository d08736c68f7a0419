"""Comment-pipeline fixtures on start_services directly (no HTTP app): the sample catalog on a flushed Redis."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.comments.busy_chat import BusyChatSettings
from assistant.comments.models import CommentIn
from assistant.comments.pipeline import CommentPipeline
from assistant.comments.results import CommentResult
from assistant.config import Settings
from assistant.container import Services, start_services
from assistant.streams.service import Focus, Lineup
from tests.conftest import SAMPLE_DATA, TEST_KEYS

STREAM = "demo-live"
# Generous enough that only the tests about the reply budget ever meet it.
ROOMY = BusyChatSettings(budget_per_minute=60_000, budget_burst=10_000)


@pytest.fixture(scope="session")
def chroma_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chromadb directory for the session: the catalog's embeddings are computed once, not per test."""
    return tmp_path_factory.mktemp("comment-services")


@pytest.fixture
def comment_settings(redis_server: Any, chroma_home: Path) -> Settings:
    return Settings(redis_url=redis_server.url, data_dir=chroma_home,
                    api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))


async def load_json(svc: Services, catalog_path: Path, lineup_path: Path, stream_id: str = STREAM) -> None:
    await svc.catalog.load(json.loads(catalog_path.read_text(encoding="utf-8")), actor="test", reset_stock=True)
    lineup = json.loads(lineup_path.read_text(encoding="utf-8"))
    await svc.streams.set_lineup(stream_id, Lineup(items=lineup["items"]))


@pytest.fixture
async def svc(comment_settings: Settings, redis: Any, clock: Any) -> AsyncIterator[Services]:
    """Services on the flushed Redis with the sample catalog and lineup (stream demo-live, no focus)."""
    services = await start_services(comment_settings, clock=clock)
    try:
        await load_json(services, SAMPLE_DATA / "sample-catalog.json", SAMPLE_DATA / "sample-lineup.json")
        yield services
    finally:
        await services.aclose()


@pytest.fixture
def pipeline(svc: Services) -> CommentPipeline:
    return CommentPipeline(svc, matcher=svc.catalog.matcher, busy=ROOMY)


_ids = itertools.count(1)


def comment(text: str, user: str | None = None, name: str | None = None) -> CommentIn:
    number = next(_ids)
    user_id = user or f"viewer{number}"
    return CommentIn(id=f"c{number}", user_id=user_id, user_name=name or user_id, text=text)


async def focus(svc: Services, product_id: str | None, stream_id: str = STREAM) -> None:
    await svc.streams.set_focus(stream_id, Focus(product_id=product_id))


Ask = Callable[..., Any]


@pytest.fixture
def ask(pipeline: CommentPipeline, svc: Services) -> Ask:
    """ask("黑色L还有吗", focus="HD-101") -> the one result."""

    async def one(text: str, *, on_screen: str | None = None, user: str | None = None) -> CommentResult:
        await focus(svc, on_screen)
        [result] = await pipeline.process(STREAM, [comment(text, user)])
        return result

    return one
