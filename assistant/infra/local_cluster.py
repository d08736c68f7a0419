"""A local 3-master Redis Cluster of real redis-server 7 processes (`--cluster-enabled yes`), for the tests'
fixture (tests/support/redis_cluster.py) and `stock-assistant bench ledger --cluster`.

Each master has its own port, cluster-bus port and data dir, AOF on (`appendfsync` as asked: the bench uses the
service's everysec, the tests `always` so a kill -9 loses nothing acknowledged), and is joined with CLUSTER
ADDSLOTSRANGE + CLUSTER MEET. Every wait is on a condition (`cluster_state:ok` on every node, each node seeing the
same three masters), never a fixed sleep.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import redis as sync_redis

from assistant.infra.embedded_redis import free_port

SLOTS = 16384
MASTERS = 3
GIVE_UP_S = 60.0
CLIENT_TIMEOUT_S = 120  # an observer's time-out: a busy 2-core machine may stall a node for seconds


def cluster_binary() -> str | None:
    """A redis-server that can run a cluster with its own bus port (7+): the env's, Debian's, or one on PATH."""
    for candidate in (os.environ.get("STOCK_ASSISTANT_TEST_REDIS_SERVER"), "/usr/bin/redis-server",
                      shutil.which("redis-server")):
        if candidate and Path(candidate).exists():
            out = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
            version = out.split("v=", 1)[-1].split(" ", 1)[0]
            if version.split(".")[0].isdigit() and int(version.split(".")[0]) >= 7:
                return candidate
    return None


class ClusterNode:
    def __init__(self, binary: str, data_dir: Path, appendfsync: str = "everysec"):
        self.binary, self.data_dir, self.appendfsync = binary, data_dir, appendfsync
        self.port, self.bus_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen([
            self.binary, "--port", str(self.port), "--cluster-port", str(self.bus_port), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
            "--dir", str(self.data_dir), "--appendonly", "yes", "--appendfsync", self.appendfsync, "--save", "",
            "--daemonize", "no", "--protected-mode", "no", "--logfile", str(self.data_dir / "redis.log"),
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def client(self) -> sync_redis.Redis:
        return sync_redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=CLIENT_TIMEOUT_S,
                                socket_connect_timeout=2)

    def answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server on {self.port} exited; see {self.data_dir / 'redis.log'}")
        try:
            with self.client() as c:
                return bool(c.ping()) and c.dbsize() >= 0
        except (sync_redis.ConnectionError, sync_redis.BusyLoadingError, sync_redis.ResponseError):
            return False

    def info(self) -> str:
        with self.client() as c:
            raw = c.execute_command("CLUSTER", "INFO")
        return raw.decode() if isinstance(raw, bytes) else str(raw)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + GIVE_UP_S
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Redis Cluster: gave up waiting: {what}")
        time.sleep(0.05)


class LocalCluster:
    """Three masters, no replicas: every slot is served, and killing a master makes its slots unavailable until
    `restart` brings it back on its AOF (there is no replica to fail over to; that is the crash the test wants)."""

    def __init__(self, binary: str, root: Path, appendfsync: str = "everysec"):
        self.nodes = [ClusterNode(binary, root / f"node-{i}", appendfsync) for i in range(MASTERS)]

    @property
    def url(self) -> str:
        return f"redis+cluster://127.0.0.1:{self.nodes[0].port}"

    @property
    def startup_nodes(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", node.port) for node in self.nodes]

    def start(self) -> LocalCluster:
        for node in self.nodes:
            node.start()
        for node in self.nodes:
            _wait(node.answers, f"node {node.port} answering")
        share = SLOTS // MASTERS
        for i, node in enumerate(self.nodes):
            last = SLOTS - 1 if i == MASTERS - 1 else (i + 1) * share - 1
            with node.client() as c:
                c.execute_command("CLUSTER", "ADDSLOTSRANGE", i * share, last)
        with self.nodes[0].client() as c:
            for node in self.nodes[1:]:
                c.execute_command("CLUSTER", "MEET", "127.0.0.1", node.port, node.bus_port)
        self.wait_ok()
        return self

    def _ok_everywhere(self) -> bool:
        for node in self.nodes:
            info = node.info()
            if "cluster_state:ok" not in info or f"cluster_known_nodes:{MASTERS}" not in info:
                return False
            with node.client() as c:
                served = sum(int(s[1]) - int(s[0]) + 1 for s in c.execute_command("CLUSTER", "SLOTS"))
            if served != SLOTS:
                return False
        return True

    def wait_ok(self) -> None:
        _wait(self._ok_everywhere, "cluster_state:ok on every node, all slots served")

    def master_for_slot(self, slot: int) -> int:
        """The index of the master serving `slot` (slots are split evenly in node order)."""
        return min(slot // (SLOTS // MASTERS), MASTERS - 1)

    def master_for_key(self, key: str | bytes) -> int:
        from redis.crc import key_slot

        return self.master_for_slot(key_slot(key.encode() if isinstance(key, str) else key))

    def kill(self, index: int) -> None:
        """kill -9 one master, as a crash would: what its AOF holds is all that survives."""
        self.nodes[index].kill()

    def restart(self, index: int) -> None:
        """Start a killed master again on its port, nodes.conf and AOF; returns once the cluster is ok again."""
        node = self.nodes[index]
        node.kill()
        node.start()
        _wait(node.answers, f"node {node.port} answering after restart (AOF loaded)")
        self.wait_ok()

    def heal(self) -> None:
        """Restart any master a test killed and left down, so the next test starts on a whole cluster."""
        for i, node in enumerate(self.nodes):
            if node.process is None or node.process.poll() is not None:
                self.restart(i)
        self.wait_ok()

    def flushall(self) -> None:
        for node in self.nodes:
            with node.client() as c:
                c.flushall()

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
