"""An embedded redis-server left running by a crashed service: the next service adopts it (and stops it at exit),
shares it while its owner lives, and refuses with a clear message one that does not answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.infra.embedded_redis import OWNER_FILE, EmbeddedRedis, pid_alive
from assistant.infra.embedded_supervisor import OrphanRedisError, open_embedded


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def orphan(tmp_path: Path):
    """A server as a crashed service leaves it: running, its owner file naming a process that is gone."""
    server = EmbeddedRedis(tmp_path / "redis").start()
    (server.data_dir / OWNER_FILE).write_text(str(_dead_pid()))
    try:
        yield server
    finally:
        if server.process and server.process.poll() is None:
            os.kill(server.process.pid, signal.SIGCONT)
            server.kill()


def test_an_orphan_is_adopted_and_stopped_at_exit(orphan: EmbeddedRedis) -> None:
    url, adopted = open_embedded(orphan.data_dir)
    assert url == orphan.url and adopted is not None and adopted.status()["adopted"]
    assert int((orphan.data_dir / OWNER_FILE).read_text()) == os.getpid()
    adopted.stop()
    orphan.process.wait(timeout=30)  # the orphan exits: stopping what it adopted is this process's job now
    assert not pid_alive(orphan.process.pid) or orphan.process.poll() is not None


def test_a_server_whose_owner_lives_is_shared_not_adopted(orphan: EmbeddedRedis) -> None:
    (orphan.data_dir / OWNER_FILE).write_text(str(os.getppid()))  # a live process owns it
    url, owned = open_embedded(orphan.data_dir)
    assert url == orphan.url and owned is None


def test_an_orphan_that_does_not_answer_is_refused_with_a_clear_message(orphan: EmbeddedRedis) -> None:
    os.kill(orphan.process.pid, signal.SIGSTOP)
    with pytest.raises(OrphanRedisError, match="does not answer"):
        open_embedded(orphan.data_dir)
