"""Real local HTTP servers for tests: 127.0.0.1, an ephemeral port, a background thread.

Each server runs an aiohttp app on its own event loop in a daemon thread, so it works
from sync tests, from async tests (a different loop) and from subprocess tests alike.
All of them share the misbehaviour knobs of `LocalServer` (latency, HTTP status, 429
with Retry-After, an HTML answer, a hang, a dropped connection, failing the first N
requests) and count what they receive.

Use as a context manager (`with JsonServer() as s: s.url`) or through the fixtures at
the bottom, which tests/conftest.py registers for every test (`pytest_plugins`). Import
the classes with `from servers import JsonServer` (tests/ is on sys.path because
tests/conftest.py lives there).

    JsonServer     any path, any method: JSON echo (or a classifier) with usage counts
    OpenAIServer   POST /v1/chat/completions (whole or streamed as SSE), GET /v1/models,
                   POST /v1/embeddings, with `usage`
    CasesServer    paginated cases: GET /cases (next-link) and GET /pages?page=N
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web

#: The parsed request body, stored on the request by the middleware.
JSON_BODY = web.RequestKey("json_body", object)

# --- the base: a server in a thread ---------------------------------------------------


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  #: parsed JSON, or the raw text when not JSON, or None when empty


class LocalServer:
    """An aiohttp app on 127.0.0.1:<ephemeral> in a background thread.

    Misbehaviour knobs (change them at any time, also while running):
        latency_s: sleep before answering every request.
        mode: "ok" | "status" (answer `status` with `error_body`) | "429" (with Retry-After
            `retry_after`) | "html" (a 200 HTML page) | "hang" (never answer until stopped
            or `hang_s` passed) | "drop" (close the connection without answering).
        fail_first: the first N requests answer `status` (default 503), then behave per mode;
            for retry tests.
    """

    def __init__(
        self,
        *,
        latency_s: float = 0.0,
        mode: str = "ok",
        status: int = 500,
        retry_after: str | None = "2",
        fail_first: int = 0,
        hang_s: float = 60.0,
        error_body: Any = None,
    ) -> None:
        self.latency_s = latency_s
        self.mode = mode
        self.status = status
        self.retry_after = retry_after
        self.fail_first = fail_first
        self.hang_s = hang_s
        self.error_body = error_body
        self.requests = 0  #: every request received, whatever the answer
        self.paths: Counter[str] = Counter()
        self.received: list[Received] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.host = "127.0.0.1"
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._error: BaseException | None = None

    # subclasses add their routes here
    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def last(self) -> Received:
        return self.received[-1]

    def reset(self) -> None:
        """Forget counters and received requests (knobs stay as they are)."""
        self.requests = 0
        self.paths.clear()
        self.received.clear()
        self.max_in_flight = 0

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> LocalServer:
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError(f"{type(self).__name__} did not start within 15 s")
        if self._error is not None:
            raise RuntimeError(f"{type(self).__name__} failed to start") from self._error
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._startup())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _startup(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application(middlewares=[self._middleware])
        self.routes(app)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, 0)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]

    def stop(self) -> None:
        loop = self._loop
        if loop is None or self._thread is None:
            return
        if self._stopping is not None:
            loop.call_soon_threadsafe(self._stopping.set)
        if self._runner is not None:
            fut = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop)
            try:
                fut.result(10)
            except Exception:
                pass
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- shared behaviour --------------------------------------------------------------

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        self.requests += 1
        n = self.requests
        self.paths[request.path] += 1
        raw = await request.read()
        body: Any = None
        if raw:
            text = raw.decode("utf-8", errors="replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        self.received.append(
            Received(request.method, request.path, dict(request.query), dict(request.headers), body)
        )
        request[JSON_BODY] = body
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency_s:
                await asyncio.sleep(self.latency_s)
            if n <= self.fail_first:
                code = self.status if self.status >= 400 else 503
                return web.json_response(
                    {"error": f"failing the first {self.fail_first}"}, status=code
                )
            bad = await self._misbehave(request)
            if bad is not None:
                return bad
            resp: web.StreamResponse = await handler(request)
            return resp
        finally:
            self.in_flight -= 1

    async def _misbehave(self, request: web.Request) -> web.StreamResponse | None:
        mode = self.mode
        if mode == "ok":
            return None
        if mode == "status":
            body = self.error_body if self.error_body is not None else {"error": "injected"}
            if isinstance(body, str):
                return web.Response(text=body, status=self.status)
            return web.json_response(body, status=self.status)
        if mode == "429":
            headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
            return web.json_response({"error": "rate limited"}, status=429, headers=headers)
        if mode == "html":
            page = (
                "<!DOCTYPE html><html><head><title>Sign in</title></head>"
                "<body><h1>Please sign in</h1><form>…</form></body></html>"
            )
            return web.Response(text=page, content_type="text/html")
        if mode == "hang":
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), self.hang_s)
            except TimeoutError:
                pass
            return web.json_response({"error": "hung"}, status=504)
        if mode == "drop":
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError
        raise ValueError(f"unknown server mode {mode!r}")


# --- JSON echo / classify ---------------------------------------------------------------


def _words(value: Any) -> int:
    text = value if isinstance(value, str) else json.dumps(value)
    return len(text.split())


def echo_responder(payload: Any, request: web.Request) -> Any:
    """`{"output": <payload.input>, "echo": <payload>, "usage": {...}}`."""
    value = payload.get("input") if isinstance(payload, dict) else payload
    return {
        "output": value,
        "echo": payload,
        "usage": {"input_tokens": _words(value), "output_tokens": _words(value)},
    }


SPAM_WORDS = re.compile(r"\b(win|winner|free|prize|claim|urgent|cash|txt|call now)\b", re.I)


def spam_responder(payload: Any, request: web.Request) -> Any:
    """A keyword spam classifier: `{"label": "spam"|"ham", "data": {...}, "usage": {...}}`."""
    value = payload.get("input") if isinstance(payload, dict) else payload
    text = value if isinstance(value, str) else json.dumps(value)
    label = "spam" if SPAM_WORDS.search(text) else "ham"
    return {
        "label": label,
        "output": label,
        "data": {"items": [{"label": label, "score": 0.9 if label == "spam" else 0.1}]},
        "usage": {"input_tokens": _words(text), "output_tokens": 1},
    }


class JsonServer(LocalServer):
    """Answers every path and method with `responder(payload, request)` as JSON.

    `responder` defaults to `echo_responder`; `spam_responder` is a tiny classifier.
    A responder may return a `web.StreamResponse` to take full control.
    """

    def __init__(
        self, responder: Callable[[Any, web.Request], Any] = echo_responder, **knobs: Any
    ) -> None:
        super().__init__(**knobs)
        self.responder = responder

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{tail:.*}", self._handle)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        result = self.responder(request[JSON_BODY], request)
        if asyncio.iscoroutine(result):
            result = await result
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response(result)


# --- OpenAI-compatible chat -------------------------------------------------------------


def echo_reply(messages: list[dict[str, Any]], payload: dict[str, Any]) -> str:
    """The content of the last user message."""
    for m in reversed(messages):
        if m.get("role") == "user":
            return str(m.get("content", ""))
    return ""


class OpenAIServer(LocalServer):
    """`POST /v1/chat/completions` in the OpenAI response shape, with `usage`.

    `reply(messages, payload) -> str` makes the answer (default: echo the last user
    message). Token counts are whitespace word counts, so tests can predict them. With
    `api_key` set, requests without `Authorization: Bearer <api_key>` get a 401.

    ``stream: true`` answers as server-sent events, one word a chunk (the first without a
    leading space), `chunk_delay_s` apart; the usage chunk only when
    ``stream_options.include_usage`` asks for it, then ``data: [DONE]``. `cut_after`: drop
    the connection after that many content chunks (a stream cut mid-way). `streams_done`
    counts streams sent to the end; `streams_cancelled` those whose reader left.
    ``/v1/embeddings`` gives each input a 3-number vector (characters, words, vowels).
    """

    def __init__(
        self,
        reply: Callable[[list[dict[str, Any]], dict[str, Any]], str] = echo_reply,
        *,
        api_key: str | None = None,
        model: str = "local-model",
        chunk_delay_s: float = 0.0,
        cut_after: int | None = None,
        **knobs: Any,
    ) -> None:
        super().__init__(**knobs)
        self.reply = reply
        self.api_key = api_key
        self.model = model
        self.chunk_delay_s = chunk_delay_s
        self.cut_after = cut_after
        self.streams_done = 0
        self.streams_cancelled = 0

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/embeddings", self._embeddings)

    async def _embeddings(self, request: web.Request) -> web.Response:
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        payload = request[JSON_BODY]
        value = payload.get("input") if isinstance(payload, dict) else None
        texts = [value] if isinstance(value, str) else value
        if not isinstance(texts, list):
            err = {"message": "'input' is required", "type": "invalid_request_error"}
            return web.json_response({"error": err}, status=400)
        data = [
            {
                "object": "embedding",
                "index": i,
                "embedding": [
                    float(len(t)),
                    float(_words(t)),
                    float(sum(ch in "aeiou" for ch in t)),
                ],
            }
            for i, t in enumerate(texts)
        ]
        tokens = sum(_words(t) for t in texts)
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": payload.get("model", self.model),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def _stream(
        self, request: web.Request, payload: dict[str, Any], content: str, prompt_tokens: int
    ) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        words = content.split(" ")
        pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
        base = {
            "id": f"chatcmpl-{self.requests}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": payload.get("model", self.model),
        }

        async def event(doc: dict[str, Any]) -> None:
            await resp.write(b"data: " + json.dumps({**base, **doc}).encode() + b"\n\n")

        try:
            await event({"choices": [{"index": 0, "delta": {"role": "assistant"}}]})
            for n, piece in enumerate(pieces):
                if self.cut_after is not None and n >= self.cut_after:
                    if request.transport is not None:
                        request.transport.abort()
                    return resp
                if self.chunk_delay_s:
                    await asyncio.sleep(self.chunk_delay_s)
                delta = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                await event({"choices": [delta]})
            await event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            options = payload.get("stream_options") or {}
            if options.get("include_usage"):
                completion = _words(content)
                usage = {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion,
                    "total_tokens": prompt_tokens + completion,
                }
                await event({"choices": [], "usage": usage})
            await resp.write(b"data: [DONE]\n\n")
            await resp.write_eof()
            self.streams_done += 1
        except (asyncio.CancelledError, ConnectionResetError):
            self.streams_cancelled += 1
            raise
        return resp

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if self.api_key is None:
            return None
        if request.headers.get("Authorization") == f"Bearer {self.api_key}":
            return None
        err = {"message": "Incorrect API key provided", "type": "invalid_request_error"}
        return web.json_response({"error": err}, status=401)

    async def _models(self, request: web.Request) -> web.Response:
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        return web.json_response(
            {"object": "list", "data": [{"id": self.model, "object": "model"}]}
        )

    async def _chat(self, request: web.Request) -> web.Response:
        denied = self._unauthorized(request)
        if denied is not None:
            return denied
        payload = request[JSON_BODY]
        if not isinstance(payload, dict) or not isinstance(payload.get("messages"), list):
            err = {"message": "'messages' is required", "type": "invalid_request_error"}
            return web.json_response({"error": err}, status=400)
        messages = payload["messages"]
        content = self.reply(messages, payload)
        prompt_tokens = sum(_words(str(m.get("content", ""))) for m in messages)
        completion_tokens = _words(content)
        if payload.get("stream"):
            return await self._stream(request, payload, content, prompt_tokens)
        return web.json_response(
            {
                "id": f"chatcmpl-{self.requests}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": payload.get("model", self.model),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        )


# --- paginated cases --------------------------------------------------------------------


def sample_rows(n: int = 25) -> list[dict[str, Any]]:
    """`n` cases: ids c0…, text inputs, every third one spam."""
    return [
        {
            "id": f"c{i}",
            "input": f"WIN a free prize number {i}" if i % 3 == 0 else f"see you at {i} pm",
            "expected": "spam" if i % 3 == 0 else "ham",
            "tags": ["edge"] if i % 5 == 0 else [],
        }
        for i in range(n)
    ]


class CasesServer(LocalServer):
    """Serves `rows` page by page.

    GET /cases?cursor=N   -> {"items": [...], "next": <absolute URL or null>}  (next-link)
    GET /pages?page=N     -> {"items": [...]}, 1-based, empty past the end     (page numbers)
    With `required_headers`, requests missing one of them get a 401.
    """

    def __init__(
        self,
        rows: list[dict[str, Any]] | None = None,
        *,
        page_size: int = 10,
        relative_next: bool = False,
        required_headers: dict[str, str] | None = None,
        **knobs: Any,
    ) -> None:
        super().__init__(**knobs)
        self.rows = sample_rows() if rows is None else rows
        self.page_size = page_size
        self.relative_next = relative_next
        self.required_headers = required_headers or {}

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/cases", self._cases)
        app.router.add_get("/pages", self._pages)

    def _denied(self, request: web.Request) -> web.Response | None:
        for k, v in self.required_headers.items():
            if request.headers.get(k) != v:
                return web.json_response({"error": f"missing header {k}"}, status=401)
        return None

    async def _cases(self, request: web.Request) -> web.Response:
        denied = self._denied(request)
        if denied is not None:
            return denied
        start = int(request.query.get("cursor", "0"))
        end = start + self.page_size
        nxt: str | None = None
        if end < len(self.rows):
            nxt = f"/cases?cursor={end}"
            if not self.relative_next:
                nxt = self.url + nxt
        return web.json_response({"items": self.rows[start:end], "next": nxt})

    async def _pages(self, request: web.Request) -> web.Response:
        denied = self._denied(request)
        if denied is not None:
            return denied
        page = int(request.query.get("page", "1"))
        start = (page - 1) * self.page_size
        return web.json_response({"items": self.rows[start : start + self.page_size]})


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- pytest fixtures (registered for every test by `pytest_plugins` in tests/conftest.py) ---


@pytest.fixture
def json_server() -> Iterator[JsonServer]:
    with JsonServer() as server:
        yield server


@pytest.fixture
def spam_server() -> Iterator[JsonServer]:
    with JsonServer(spam_responder) as server:
        yield server


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


@pytest.fixture
def cases_server() -> Iterator[CasesServer]:
    with CasesServer() as server:
        yield server


@pytest.fixture
def closed_url() -> str:
    return closed_port_url()
