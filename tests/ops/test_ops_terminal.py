"""`stock-assistant ask` runs the same agent on the configured Redis and prints the answer and tool calls."""

from __future__ import annotations

from assistant.cli import ask as terminal
from tests.conftest import auth


async def test_ask_command_prints_the_answer_and_tool_calls(loaded, settings, monkeypatch, capsys) -> None:
    monkeypatch.setattr(terminal, "get_settings", lambda: settings)
    monkeypatch.setattr(terminal.console, "width", 160)
    assert await terminal.ask_command("连帽卫衣黑色L还剩多少", None) == 0
    out = capsys.readouterr().out
    assert "stock_of" in out and "114" in out and "conversation:" in out

    assert await terminal.ask_command("把灰色M补货5件", None) == 0
    out = capsys.readouterr().out
    token = out.split('confirm ')[-1].split('"')[0]
    assert await terminal.ask_command(f"confirm {token}", None) == 0
    assert "Confirmed and applied" in capsys.readouterr().out
    detail = (await loaded.get("/v1/skus/HD-101-GRY-M", headers=auth("ops"))).json()
    assert detail["counters"]["restocked"] == 5
    assert detail["sellable"] == 55 - 3 + 5  # on_hand 55, safety 3, plus the confirmed restock


async def test_a_terminal_question_loads_neither_chromadb_nor_the_web_framework(loaded, settings) -> None:
    """`ask` starts fast: chromadb and fastapi take seconds to import and a terminal question needs neither (the
    ops assistant reads the catalog and the ledger; only comments and demand match by meaning)."""
    import asyncio
    import os
    import sys

    script = ("import sys\nfrom assistant.cli import main\nsys.argv = ['stock-assistant', 'ask', '连帽卫衣黑色L还剩多少']\n"
              "code = main()\nprint('HEAVY', sorted(m for m in ('chromadb', 'fastapi') if m in sys.modules))\n"
              "sys.exit(code)\n")
    env = {**os.environ, "STOCK_ASSISTANT_REDIS_URL": settings.redis_url,
           "STOCK_ASSISTANT_DATA_DIR": str(settings.data_dir), "COLUMNS": "160"}
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", script, env=env,
                                                 stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(child.communicate(), timeout=600)  # a give-up bound, not a speed check
    text = out.decode()
    assert child.returncode == 0, err.decode()[-2000:]
    assert "114" in text and "HEAVY []" in text, text
