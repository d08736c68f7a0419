"""The real app served by uvicorn on 127.0.0.1 in a thread, for browser tests."""

from __future__ import annotations

import socket
import threading
from typing import Any

import uvicorn

from tests.support.waiting import eventually_sync


class LiveServer:
    def __init__(self, app: Any):
        self.app = app
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def __enter__(self) -> LiveServer:
        self._socket.bind(("127.0.0.1", 0))  # binding port 0 ourselves avoids a free-port race
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)
        self._thread.start()
        server, thread = self._server, self._thread
        eventually_sync(lambda: server.started or not thread.is_alive(), "the app started", every_s=0.02)
        if not server.started:
            raise RuntimeError("the app did not start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._socket.close()
