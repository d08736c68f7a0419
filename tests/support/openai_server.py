"""A scripted OpenAI-protocol server on 127.0.0.1 so tests exercise the real client.

Each ``POST /v1/chat/completions`` pops the next scripted response:

* ``"text"``: an assistant text reply;
* ``[{"name": ..., "arguments": {...}}, ...]``: tool calls (optional ``"id"``); ``"arguments"`` given as a
  ``str`` is sent verbatim, so a test can send malformed JSON arguments as a careless model does;
* ``Delay(seconds, then=...)``: wait, then answer with ``then`` (for timeouts);
* ``WhenInFlight(n, then=...)``: hold the answer until ``n`` requests are at the server at once (proves
  concurrency by a condition, not by a stopwatch);
* ``ErrorReply(status, message)``: an OpenAI-style error body;
* ``RawReply(body, status, content_type)``: any bytes at all, e.g. a proxy's HTML page instead of JSON;
* a callable ``(request_json) -> any of the above``: answer from what was received.

Both plain JSON and ``"stream": true`` SSE are served in the real wire format,
including tool-call deltas whose arguments arrive in fragments. Every request body is
kept in ``server.requests`` for assertions.
"""

from __future__ import annotations

import asyncio
import collections
import json
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

CREATED_AT = 1_700_000_000  # fixed so recorded payloads are reproducible


@dataclass(frozen=True)
class Delay:
    seconds: float
    then: ResponseSpec = ""


@dataclass(frozen=True)
class WhenInFlight:
    requests: int
    then: ResponseSpec = ""


@dataclass(frozen=True)
class RawReply:
    body: str = "<html><body>502 Bad Gateway</body></html>"
    status: int = 200
    content_type: str = "text/html"


@dataclass(frozen=True)
class ErrorReply:
    status: int = 500
    message: str = "scripted error"


ResponseSpec: TypeAlias = (
    "str | list[dict[str, Any]] | Delay | WhenInFlight | ErrorReply | RawReply"
    " | Callable[[dict[str, Any]], ResponseSpec]"
)


class ScriptedOpenAIServer:
    """``with ScriptedOpenAIServer(*responses) as srv:`` serves at ``srv.base_url`` (…/v1)."""

    def __init__(self, *responses: ResponseSpec, model: str = "scripted-model") -> None:
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.most_in_flight = 0  # the most requests the server was answering at one time
        self._script: collections.deque[ResponseSpec] = collections.deque(responses)
        self._stopping = threading.Event()
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def enqueue(self, *responses: ResponseSpec) -> None:
        self._script.extend(responses)

    @property
    def base_url(self) -> str:
        if self._socket is None:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"

    def start(self) -> ScriptedOpenAIServer:
        # Binding port 0 ourselves and handing uvicorn the socket avoids a free-port race.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            self._build_app(),
            log_level="warning",
            lifespan="off",
            loop="asyncio",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("scripted OpenAI server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._stopping.set()  # cuts scripted delays short so shutdown is quick
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/models")
        async def list_models() -> dict[str, Any]:
            return {
                "object": "list",
                "data": [
                    {"id": self.model, "object": "model", "created": CREATED_AT, "owned_by": "scripted"}
                ],
            }

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request) -> Response:
            body = await request.json()
            self.requests.append(body)
            number = len(self.requests)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            try:
                spec = await self._resolve(self._script.popleft() if self._script else _exhausted(), body)
            finally:
                self.in_flight -= 1
            if isinstance(spec, RawReply):
                return Response(spec.body, status_code=spec.status, media_type=spec.content_type)
            if isinstance(spec, ErrorReply):
                error = {"message": spec.message, "type": "scripted_error", "param": None, "code": None}
                return JSONResponse({"error": error}, status_code=spec.status)
            text, tool_calls = _normalise(spec, number)
            model = body.get("model", self.model)
            if body.get("stream"):
                include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
                chunks = _stream_chunks(number, model, text, tool_calls, include_usage)
                return StreamingResponse(_sse(chunks), media_type="text/event-stream")
            return JSONResponse(_completion(number, model, text, tool_calls))

        return app

    async def _resolve(
        self, spec: ResponseSpec, body: dict[str, Any]
    ) -> str | list[dict[str, Any]] | ErrorReply | RawReply:
        while True:
            if isinstance(spec, Delay):
                await self._sleep(spec.seconds)
                spec = spec.then
            elif isinstance(spec, WhenInFlight):
                while not self._stopping.is_set() and self.most_in_flight < spec.requests:
                    await asyncio.sleep(0.01)
                spec = spec.then
            elif callable(spec):
                spec = spec(body)
            else:
                return spec

    async def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(min(0.05, max(0.0, deadline - time.monotonic())))


def _exhausted() -> ErrorReply:
    # 400 rather than 5xx so the client does not retry and the test fails at once.
    return ErrorReply(400, "ScriptedOpenAIServer: no scripted response left for this request")


def _normalise(spec: str | list[dict[str, Any]], number: int) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(spec, str):
        return spec, []
    calls = [
        {
            "id": call.get("id") or f"call_{number}_{index}",
            "type": "function",
            "function": {"name": call["name"], "arguments": _arguments(call.get("arguments", {}))},
        }
        for index, call in enumerate(spec)
    ]
    return "", calls


def _arguments(arguments: str | dict[str, Any]) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _usage(text: str, tool_calls: list[dict[str, Any]]) -> dict[str, int]:
    completion = len(text.split()) + sum(len(c["function"]["arguments"]) // 4 for c in tool_calls)
    return {"prompt_tokens": 10, "completion_tokens": completion, "total_tokens": 10 + completion}


def _completion(number: int, model: str, text: str, tool_calls: list[dict[str, Any]]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text or None, "refusal": None}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": f"chatcmpl-scripted-{number}",
        "object": "chat.completion",
        "created": CREATED_AT,
        "model": model,
        "system_fingerprint": None,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": "tool_calls" if tool_calls else "stop",
            }
        ],
        "usage": _usage(text, tool_calls),
    }


def _stream_chunks(
    number: int, model: str, text: str, tool_calls: list[dict[str, Any]], include_usage: bool
) -> Iterator[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {
            "id": f"chatcmpl-scripted-{number}",
            "object": "chat.completion.chunk",
            "created": CREATED_AT,
            "model": model,
            "system_fingerprint": None,
            "choices": [choice],
        }

    yield chunk({"role": "assistant", "content": None if tool_calls else "", "refusal": None})
    for piece in re.findall(r"\S+\s*|\s+", text):
        yield chunk({"content": piece})
    for index, call in enumerate(tool_calls):
        # As OpenAI does: id, type and name come first with empty arguments, then the
        # argument JSON arrives in fragments carrying only the index.
        head = {
            "index": index,
            "id": call["id"],
            "type": "function",
            "function": {"name": call["function"]["name"], "arguments": ""},
        }
        yield chunk({"tool_calls": [head]})
        arguments = call["function"]["arguments"]
        for start in range(0, len(arguments), 7):
            yield chunk(
                {"tool_calls": [{"index": index, "function": {"arguments": arguments[start : start + 7]}}]}
            )
    yield chunk({}, "tool_calls" if tool_calls else "stop")
    if include_usage:
        yield {**chunk({}), "choices": [], "usage": _usage(text, tool_calls)}


async def _sse(chunks: Iterator[dict[str, Any]]) -> AsyncIterator[str]:
    for payload in chunks:
        yield f"data: {json.dumps(payload)}\n\n"
    yield "data: [DONE]\n\n"
