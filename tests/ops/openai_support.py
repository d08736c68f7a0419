"""Fixtures for the ops tests on the real ChatOpenAI client against the scripted OpenAI-protocol server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from assistant.config import Settings
from tests.ops.ops_support import TWO_OPS_KEYS
from tests.support.openai_server import ScriptedOpenAIServer


@pytest.fixture
def llm_server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as server:
        yield server


def openai_settings(redis_server, tmp_path, llm_server, api_keys: str) -> Settings:
    return Settings(redis_url=redis_server.url, data_dir=tmp_path / "data", api_keys=api_keys, llm="openai",
                    openai_base_url=llm_server.base_url, openai_api_key="test", model="scripted-model",
                    llm_timeout_seconds=20, llm_max_retries=0)


@pytest.fixture
def settings(redis_server, tmp_path, llm_server):
    return openai_settings(redis_server, tmp_path, llm_server, TWO_OPS_KEYS)


def tool_contents(request: dict) -> list[dict]:
    return [json.loads(m["content"]) for m in request["messages"] if m["role"] == "tool"]
