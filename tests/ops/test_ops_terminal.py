"""`stock-assistant ask` runs the same agent on the configured Redis and prints the answer and tool calls."""

from __future__ import annotations

from assistant.ops import terminal
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
