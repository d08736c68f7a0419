"""`stock-assistant catalog load`: the bar covers the embedding, and the index it builds is ready when it ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import SAMPLE_DATA


def _load(tmp_path, redis_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCK_ASSISTANT_")}
    env |= {"STOCK_ASSISTANT_REDIS_URL": redis_url, "STOCK_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
            "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "catalog", "load",
                           str(SAMPLE_DATA / "sample-catalog.json"), *extra],
                          env=env, capture_output=True, text=True, timeout=900)


async def test_the_load_shows_the_embedding_and_ends_with_the_index_ready(tmp_path, redis_server, redis):
    answer = _load(tmp_path, redis_server.url)
    assert answer.returncode == 0, answer.stderr
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    assert "embedding" in answer.stderr and "loading SKUs" in answer.stderr
    assert result["semantic_index"]["state"] == "ready"
    assert result["semantic_index"]["pending"] == 0 and result["semantic_index"]["records"] > 0


async def test_no_index_leaves_the_embedding_to_the_serving_workers(tmp_path, redis_server, redis):
    answer = _load(tmp_path, redis_server.url, "--no-index")
    assert answer.returncode == 0, answer.stderr
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    assert "embedding" not in answer.stderr
    assert result["semantic_index"]["state"] == "off" and result["products"] > 0
