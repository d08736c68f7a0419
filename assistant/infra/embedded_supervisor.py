"""Who owns the data dir's embedded redis-server, and keeping it running while this process owns it.

At start-up: a server another live service owns is shared (it stops it); one whose owner is gone (the service
crashed) is adopted, so this process stops it at exit; one that still runs but does not answer is refused with
a message, since a second server on the same AOF would corrupt it. While the service runs, a server that dies is
started again on the same port from its AOF: clients reconnect by themselves, no service restart.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from assistant.infra.embedded_redis import OWNER_FILE, PORT_FILE, EmbeddedRedis, pid_alive

log = logging.getLogger("assistant.redis")
SUPERVISE_EVERY_S = 0.5


class OrphanRedisError(RuntimeError):
    pass


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return None


def _server_pid(port: int, data_dir: Path) -> tuple[int | None, bool]:
    """(pid, answers) of the server on `port` if it serves `data_dir`; (None, False) when nothing or another dir."""
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.3, socket_timeout=2,
                         retry=Retry(NoBackoff(), 0))
    try:
        if client.config_get("dir").get("dir") != str(data_dir.resolve()):
            return None, False
        return int(client.info("server")["process_id"]), True
    except redis.ConnectionError:
        return None, False
    except redis.RedisError:  # connected, but it does not answer commands (stalled, loading)
        return None, True
    finally:
        client.close()


def open_embedded(data_dir: Path, *, binary: str | None = None) -> tuple[str, EmbeddedRedis | None]:
    """The data dir's Redis URL, and the server when this process owns it (supervise it, stop it at exit)."""
    data_dir = Path(data_dir)
    port = _read_int(data_dir / PORT_FILE)
    if port is not None:
        pid, answers = _server_pid(port, data_dir)
        url = f"redis://127.0.0.1:{port}/0"
        if answers and pid is None:
            raise OrphanRedisError(
                f"a redis-server on port {port} holds {data_dir} but does not answer; stop it (or remove "
                f"{data_dir / PORT_FILE} if it is not a redis-server) before starting the service again"
            )
        if pid is not None:
            owner = _read_int(data_dir / OWNER_FILE)
            if owner is not None and owner != os.getpid() and pid_alive(owner):
                return url, None  # another live service owns it and will stop it
            log.warning("adopting the embedded redis-server (pid %d) its crashed owner left on %s", pid, data_dir)
            return url, EmbeddedRedis.adopt(data_dir, port, pid)
    server = EmbeddedRedis(data_dir, binary=binary).start()
    return server.url, server


class Supervisor:
    """A thread that starts the server again whenever it is found dead (a blocking restart must not stall the
    event loop, and the parent of several workers has no event loop at all)."""

    def __init__(self, server: EmbeddedRedis, every_s: float = SUPERVISE_EVERY_S):
        self.server = server
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="embedded-redis-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            if self.server.alive():
                continue
            log.error("the embedded redis-server (pid %s) died; starting it again from its AOF", self.server.pid)
            try:
                self.server.restart()
            except Exception as error:  # noqa: BLE001 - keep trying: the port may be free again next tick
                log.error("could not restart the embedded redis-server: %s", error)
