"""Unit vectors for grouping not-offered asks, from the service's one embedding function."""

from __future__ import annotations

import numpy as np
from chromadb import Documents, EmbeddingFunction


def embed(function: EmbeddingFunction[Documents], texts: list[str]) -> np.ndarray:
    """One row per text; both sides are short phrases, so both use embed_query and compare like with like."""
    vectors = np.asarray(function.embed_query(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
