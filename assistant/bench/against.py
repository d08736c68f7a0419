"""`--against REF`: a benchmark's baseline is another commit of this repository, measured in the same run.

The commit is checked out into a temporary git worktree (detached, removed afterwards); a child process that
starts in that tree imports ITS `assistant` package (the current directory comes first on sys.path), so the two
sides run the same bench code against two versions of the service, alternately, on the same machine and Redis.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import assistant


def repository() -> Path:
    """The git checkout this package runs from (benchmarks against a commit need one)."""
    here = Path(assistant.__file__).resolve().parent
    top = subprocess.run(["git", "-C", str(here), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode != 0:
        raise SystemExit("--against needs a git checkout of the project (this package is not in one)")
    return Path(top.stdout.strip())


@contextmanager
def checkout(ref: str) -> Iterator[tuple[Path, str]]:
    """(the tree of `ref`, its short commit id) for the duration of the block."""
    repo = repository()
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", ref], capture_output=True, text=True)
    if commit.returncode != 0:
        raise SystemExit(f"--against {ref}: no such commit ({commit.stderr.strip()})")
    with tempfile.TemporaryDirectory(prefix="bench-against-") as scratch:
        tree = Path(scratch) / "tree"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True)
        try:
            yield tree, commit.stdout.strip()
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)], check=False)


def ratio(this: float | None, baseline: float | None) -> float | None:
    """this / baseline, rounded; None when either is missing or the baseline is 0."""
    if this is None or not baseline:
        return None
    return round(this / baseline, 3)
