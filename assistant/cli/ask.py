"""`stock-assistant ask "..."`: the ops assistant in a terminal, on the same services as the server.

The terminal user is whoever can read the data dir, so the actor recorded for a confirmed proposal is
``ops:terminal:<login name>``; "confirm TOKEN" confirms a proposal made in the terminal.
"""

from __future__ import annotations

import getpass
import json

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from assistant.config import get_settings
from assistant.container import Services, start_services
from assistant.errors import AppError
from assistant.ops import wiring

console = Console()


def terminal_identity() -> str:
    try:
        return f"ops:terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "ops:terminal"


async def _start_readers(svc: Services) -> None:
    """Demand and alerts feed two of the tools: read-only parts, no background loops for one question."""
    from assistant.alerts import wiring as alerts_wiring
    from assistant.demand import wiring as demand_wiring

    try:
        svc.demand = demand_wiring.build(svc)
    except Exception as error:  # noqa: BLE001 - a missing optional domain must not stop the question
        console.print(f"[dim]demand signals unavailable: {error}[/dim]")
    try:
        alerts = alerts_wiring.build(svc)
        await alerts.engine.start_at_end()
        await alerts.engine.warm_up()  # the recent pace, for days of cover (stock_cover)
        svc.alerts = alerts
    except Exception as error:  # noqa: BLE001
        console.print(f"[dim]alerts unavailable: {error}[/dim]")


async def ask_command(question: str, conversation_id: str | None) -> int:
    settings = get_settings()
    svc = await start_services(settings, semantic_index=False, matching=False)
    try:
        if not svc.catalog.catalog.products:
            console.print(f"no catalog loaded in {settings.data_dir.resolve()}: load one with "
                          "[bold]stock-assistant catalog load FILE[/bold] (or PUT /v1/catalog)", highlight=False)
            return 1
        await _start_readers(svc)
        ops = wiring.build(svc)
        try:
            result = await ops.ask(question, user=terminal_identity(), role="ops", conversation_id=conversation_id)
        except AppError as error:
            console.print(f"[red]{error.code}[/red]: {error.message}")
            return 1
        _print(result)
        return 0
    finally:
        await svc.aclose()


def _print(result: dict) -> None:
    if result.get("tool_calls"):
        table = Table(title="tool calls", show_header=True, header_style="bold")
        table.add_column("tool")
        table.add_column("args")
        for call in result["tool_calls"]:
            table.add_row(call["name"], json.dumps(call["args"], ensure_ascii=False))
        console.print(table)
    console.print(Markdown(result["answer"]))
    for proposal in result.get("proposals") or []:
        console.print(f"[yellow]to apply, run:[/yellow] stock-assistant ask \"confirm {proposal['token']}\"")
    console.print(f"[dim]conversation: {result['conversation_id']} · stream: {result.get('stream_id') or '-'}[/dim]")
