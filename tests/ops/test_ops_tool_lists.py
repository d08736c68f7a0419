"""Viewers' text never reaches a write tool: the write tools live in tools.actions, which only ops binds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools import comments, ops_tools

ROOT = Path(__file__).parents[2]
WRITE_NAMES = {"propose_restock", "propose_count_correction", "propose_safety_stock", "propose_flash_cap",
               "propose_buyer_limit", "propose_transfer", "propose_pack", "propose_unpack"}


def test_ops_tools_include_every_write_tool_and_comment_tools_none() -> None:
    ops = {t.__name__ for t in ops_tools.OPS_TOOLS}
    assert {t.__name__ for t in ops_tools.WRITE_TOOLS} == WRITE_NAMES <= ops
    assert all(t.__module__ == "tools.actions" for t in ops_tools.WRITE_TOOLS)
    assert not WRITE_NAMES & {t.__name__ for t in ops_tools.READ_TOOLS}
    comment_tools = getattr(comments, "COMMENT_TOOLS", None)
    if comment_tools is not None:
        names = {getattr(t, "name", None) or getattr(t, "__name__", "") for t in comment_tools}
        assert not names & WRITE_NAMES
        assert not any(getattr(t, "__module__", "") == "tools.actions" for t in comment_tools)


def test_the_comment_pipeline_never_imports_the_write_tools() -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        "import assistant.comments as c, tools, tools.comments\n"
        "for m in pkgutil.walk_packages(c.__path__, 'assistant.comments.'):\n"
        "    importlib.import_module(m.name)\n"
        "getattr(tools.comments, 'COMMENT_TOOLS', None)\n"
        "print('tools.actions' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_no_module_outside_ops_imports_the_write_tools() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "assistant").rglob("*.py")
                 if "tools.actions" in p.read_text(encoding="utf-8") or "WRITE_TOOLS" in p.read_text(encoding="utf-8")
                 or "OPS_TOOLS" in p.read_text(encoding="utf-8")]
    assert all(path.startswith("assistant/ops/") for path in offenders), offenders
