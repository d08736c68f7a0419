"""The command line and settings an operator meets first: help, --version, .env files, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.version import __version__


def _run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STOCK_ASSISTANT_")}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=cwd, env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


def test_version_and_argument_help(tmp_path):
    assert _run("--version", cwd=tmp_path).stdout.strip() == f"stock-assistant {__version__}"
    for command, words in ((["serve"], ["--workers", "worker processes", "--port"]),
                           (["catalog", "load"], ["catalog JSON", "--reset-stock"]),
                           (["ask"], ["the question", "--conversation"])):
        shown = _run(*command, "--help", cwd=tmp_path)
        assert shown.returncode == 0 and all(w in shown.stdout for w in words), shown.stdout


@pytest.mark.parametrize(("variable", "value", "allowed"), [
    ("STOCK_ASSISTANT_LLM", "gpt", "'offline' or 'openai'"),
    ("STOCK_ASSISTANT_WORKERS", "0", "greater than or equal to 1"),
    ("STOCK_ASSISTANT_ALERT_TREND_RATIO", "25", "less than or equal to 20"),
    ("STOCK_ASSISTANT_LEDGER_BUCKETS", "many", "(1 to 1024) or 'auto'"),
])
def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path, variable, value, allowed):
    answer = _run("ask", "hello", cwd=tmp_path, **{variable: value})
    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in answer.stderr, answer.stderr
    assert variable in lines[0] and allowed in lines[0]


def test_a_dot_env_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("STOCK_ASSISTANT_LLM=openai\nSTOCK_ASSISTANT_HOLD_TTL_SECONDS=60\n"
                                   "STOCK_ASSISTANT_CHROMA_URL=\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("STOCK_ASSISTANT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("STOCK_ASSISTANT_HOLD_TTL_SECONDS", "120")
    settings = Settings()
    assert (settings.llm, settings.hold_ttl_seconds, settings.chroma_url) == ("openai", 120, None)


def test_env_example_names_only_real_settings():
    text = (Path(__file__).resolve().parents[1] / ".env.example").read_text(encoding="utf-8")
    names = {line.lstrip("# ").split("=", 1)[0] for line in text.splitlines() if "=" in line and "STOCK_" in line}
    known = {f"STOCK_ASSISTANT_{f.upper()}" for f in Settings.model_fields} | {"STOCK_ASSISTANT_PORT"}
    assert names and names <= known, names - known


def test_ask_on_an_empty_data_dir_says_no_catalog_is_loaded(tmp_path, redis_server, redis):  # redis: flushed
    answer = _run("ask", "哪些快卖完了", cwd=tmp_path, STOCK_ASSISTANT_REDIS_URL=redis_server.url,
                  STOCK_ASSISTANT_DATA_DIR=str(tmp_path / "data"))
    assert answer.returncode == 1 and "no catalog loaded" in answer.stdout, answer.stdout + answer.stderr


def test_the_ledger_spreads_over_a_cluster_by_default_and_stays_one_bucket_on_one_redis():
    assert Settings(redis_url="redis+cluster://10.0.0.1:6379,10.0.0.2:6379").ledger_buckets == 16
    assert Settings(redis_url="rediss+cluster://10.0.0.1:6379", ledger_buckets="auto").ledger_buckets == 16
    assert Settings(redis_url="redis://127.0.0.1:6379/0").ledger_buckets == 1
    assert Settings(redis_url=None).ledger_buckets == 1  # the embedded server
    assert Settings(redis_url="redis+cluster://10.0.0.1:6379", ledger_buckets=1).ledger_buckets == 1  # explicit wins


def test_a_plain_url_of_one_redis_or_of_no_answer_stays_one_redis(redis_server):
    """A plain URL is a cluster only when its node says so (tests/cluster checks a node that does)."""
    assert Settings(redis_url=redis_server.url).redis_url == redis_server.url  # a Redis that is no cluster node
    closed = f"redis://127.0.0.1:{_closed_port()}"
    settings = Settings(redis_url=closed)  # nothing listens: one Redis, the service starts degraded
    assert (settings.redis_url, settings.ledger_buckets) == (closed, 1)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
