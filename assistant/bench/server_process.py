"""The app in a child process, for benchmarks and end-to-end tests: started, awaited until healthy, stopped."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence

import httpx

from assistant.infra.embedded_redis import free_port


class ServerProcess:
    """`python <args>` serving on `port`; its stderr goes to a file, so a chatty server never blocks on a pipe."""

    def __init__(self, args: Sequence[str], *, env: Mapping[str, str], port: int | None = None,
                 cwd: str | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server; closed in stop()
        command = [sys.executable, *(a.format(port=self.port) for a in args)]
        # cwd: a child started in another checkout imports that checkout's package (bench --against)
        self.process = subprocess.Popen(command, env=dict(env), stdout=subprocess.DEVNULL, stderr=self._stderr,
                                        cwd=cwd)

    def wait_healthy(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.stderr_tail()}")
            time.sleep(0.2)

    async def ready(self, timeout_s: float = 90) -> None:
        await asyncio.to_thread(self.wait_healthy, timeout_s)

    def stderr_tail(self, chars: int = 800) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")[-chars:]

    def stop(self, timeout_s: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()
