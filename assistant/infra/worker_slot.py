"""A directory of its own for each worker process, held by an flock for the process's lifetime.

The embedded chromadb keeps its HNSW index in memory and on disk: two processes on one directory neither see
each other's writes nor may both flush the same files. Each worker therefore claims the first free slot:
slot 0 is the base path itself (a single worker keeps the layout it always had), slot k is `<base>-worker-k`.
A restarted worker reclaims a slot whose lock died with its old process, with its vectors already on disk.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

MAX_SLOTS = 64


class WorkerSlot:
    def __init__(self, path: Path, lock: IO[bytes]):
        self.path = path
        self._lock = lock

    def release(self) -> None:
        if not self._lock.closed:
            self._lock.close()  # closing the file drops the flock


def slot_path(base: Path, index: int) -> Path:
    return base if index == 0 else base.with_name(f"{base.name}-worker-{index}")


def claim_slot(base: Path) -> WorkerSlot:
    base.parent.mkdir(parents=True, exist_ok=True)
    for index in range(MAX_SLOTS):
        path = slot_path(base, index)
        lock = open(path.with_name(f"{path.name}.lock"), "ab")  # noqa: SIM115 - held open as the lock
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        lock.truncate(0)
        lock.write(str(os.getpid()).encode())
        lock.flush()
        return WorkerSlot(path, lock)
    raise RuntimeError(f"all {MAX_SLOTS} chroma slots under {base.parent} are held by running workers")
