"""`stock-assistant bench startup [--against REF]`: how long `stock-assistant ask` takes to start.

Two figures per run, each the best of several alternating runs: the import of the `ask` command's module
(`python -X importtime`, cumulative ms, and the child's CPU s: no services, no Redis) and a whole `ask` on a scratch data dir holding the
sample catalog (wall and CPU seconds of the child process, embedded Redis included). With --against, commit REF
is measured the same way in the same run, alternately, and the figures are given as ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

QUESTION = "联名款连帽卫衣黑色L还剩几件"
MODULE = "assistant.cli.ask"


def _import(cwd: Path | None) -> tuple[int, float]:
    """(cumulative import µs, CPU s of the whole child) of the ask command's module, from a fresh interpreter
    started in `cwd`. On a loaded machine the CPU figure is the steadier one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {MODULE}"], cwd=cwd,
                          capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(line for line in done.stderr.splitlines() if line.rstrip().endswith(f"| {MODULE}"))
    return int(line.split("|")[1]), (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _ask(cwd: Path | None, env: dict[str, str]) -> tuple[float, float]:
    """(wall s, CPU s) of one whole `ask` in a child process started in `cwd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant.cli", "ask", QUESTION], cwd=cwd, env=env,
                   capture_output=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _figures(runs: list[tuple[int, float, float, float]]) -> dict[str, Any]:
    return {"import_ms": round(min(r[0] for r in runs) / 1000), "import_cpu_s": round(min(r[1] for r in runs), 2),
            "ask_wall_s": round(min(r[2] for r in runs), 2), "ask_cpu_s": round(min(r[3] for r in runs), 2),
            "runs": len(runs)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from contextlib import nullcontext

    from assistant.bench.against import checkout, ratio

    rounds = 2 if getattr(args, "quick", False) else 5
    against = getattr(args, "against", None)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch, \
            (checkout(against) if against else nullcontext((None, None))) as (tree, commit):
        env = {**os.environ, "STOCK_ASSISTANT_DATA_DIR": str(Path(scratch) / "data"), "STOCK_ASSISTANT_LLM": "offline"}
        catalog = resources.files("assistant.data") / "sample-catalog.json"
        subprocess.run([sys.executable, "-m", "assistant.cli", "catalog", "load", str(catalog), "--no-index"],
                       env=env, capture_output=True, check=True)
        sides = {"this": None, **({"against": tree} if tree else {})}
        runs: dict[str, list[tuple[int, float, float, float]]] = {side: [] for side in sides}
        for _ in range(rounds):
            for side, cwd in sides.items():  # alternately: a load change hits both sides alike
                runs[side].append((*_import(cwd), *_ask(cwd, env)))
    figures = {side: _figures(r) for side, r in runs.items()}
    out: dict[str, Any] = {"question": QUESTION, **figures["this"]}
    if tree:
        out["against"] = {"ref": against, "commit": commit, **figures["against"]}
        out["ratio_this_over_against"] = {name: ratio(figures["this"][name], figures["against"][name])
                                          for name in ("import_ms", "import_cpu_s", "ask_wall_s", "ask_cpu_s")}
    out["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    return out
