"""The lean HTTP/1.1 client (`targets/http1.py`) behind `HttpClient.request_json` on plain
``http://``: every framing a server may answer with, the size cap, the failure kinds and
their words (the same as aiohttp's path), and kept-alive connections reused or replaced."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from phaseone.errors import (
    TargetBadResponse,
    TargetConnectionError,
    TargetStatusError,
    TargetTimeout,
)
from phaseone.targets import http1
from phaseone.targets.client import HttpClient

Reply = Callable[[bytes], bytes | None]  # the request's bytes -> what to send (None: close)
HEADERS = {"Content-Type": "application/json"}


@asynccontextmanager
async def raw_server(reply: Reply, close_after: bool = False) -> AsyncIterator[dict[str, int]]:
    """A server that answers each request (head and Content-Length body) with `reply`'s
    bytes; counts connections and requests."""
    seen = {"connections": 0, "requests": 0}
    got: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen["connections"] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                seen["requests"] += 1
                got.append(head + body)
                out = reply(head + body)
                if out is None:
                    break
                writer.write(out)
                await writer.drain()
                if close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    seen["port"] = port
    try:
        yield seen
    finally:
        server.close()


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


async def call(port: int, client: HttpClient | None = None, body: bytes = b"{}") -> object:
    c = client or HttpClient("t", 5.0)
    try:
        return await c.request_json(
            "POST", f"http://127.0.0.1:{port}/v1/x", headers=HEADERS, body=body
        )
    finally:
        if client is None:
            await c.aclose()


async def test_content_length_chunked_and_until_close_answers() -> None:
    doc = {"answer": "yes", "n": 1}
    raw = json.dumps(doc).encode()
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunked += b"".join(
        b"%x\r\n%s\r\n" % (len(raw[i : i + 5]), raw[i : i + 5]) for i in range(0, len(raw), 5)
    )
    chunked += b"0\r\n\r\n"
    until_close = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + raw
    for reply, close in ((ok(raw), False), (chunked, False), (until_close, True)):
        async with raw_server(lambda _r, reply=reply: reply, close_after=close) as srv:
            assert await call(srv["port"]) == doc


async def test_the_request_carries_the_method_path_headers_and_body() -> None:
    got: list[bytes] = []

    def reply(req: bytes) -> bytes:
        got.append(req)
        return ok(b"{}")

    async with raw_server(reply) as srv:
        await call(srv["port"], body=b'{"q": 1}')
    head, body = got[0].split(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /v1/x HTTP/1.1"
    assert b"Content-Type: application/json" in lines
    assert b"Host: 127.0.0.1:%d" % srv["port"] in lines
    assert b"Content-Length: 8" in lines and body == b'{"q": 1}'


async def test_a_gzip_answer_sent_unasked_is_decoded() -> None:
    packed = gzip.compress(b'{"a": 2}')
    async with raw_server(lambda _r: ok(packed, b"Content-Encoding: gzip\r\n")) as srv:
        assert await call(srv["port"]) == {"a": 2}


async def test_one_kept_alive_connection_serves_calls_in_turn() -> None:
    async with raw_server(lambda _r: ok(b'{"a": 1}')) as srv:
        client = HttpClient("t", 5.0)
        for _ in range(5):
            assert await call(srv["port"], client) == {"a": 1}
        await client.aclose()
    assert (srv["connections"], srv["requests"]) == (1, 5)


async def test_a_connection_the_server_closed_while_idle_is_replaced() -> None:
    async with raw_server(lambda _r: ok(b'{"a": 1}', b"Connection: keep-alive\r\n"), True) as srv:
        client = HttpClient("t", 5.0)
        assert await call(srv["port"], client) == {"a": 1}
        await asyncio.sleep(0.1)  # the server's close reaches the pooled connection
        assert await call(srv["port"], client) == {"a": 1}
        await client.aclose()
    assert (srv["connections"], srv["requests"]) == (2, 2)


async def test_status_errors_keep_their_retry_after() -> None:
    reply = b"HTTP/1.1 429 Too Many\r\nRetry-After: 7\r\nContent-Length: 2\r\n\r\n{}"
    async with raw_server(lambda _r: reply) as srv:
        with pytest.raises(TargetStatusError) as err:
            await call(srv["port"])
    assert err.value.status == 429 and err.value.retry_after == 7


async def test_answers_over_the_cap_are_refused_before_and_while_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import phaseone.targets.client as client_module

    monkeypatch.setattr(client_module, "MAX_ANSWER_BYTES", 100)
    big = b'{"x": "' + b"y" * 500 + b'"}'
    async with raw_server(lambda _r: ok(big)) as srv:
        with pytest.raises(TargetBadResponse, match="has 509 bytes; the most read is 100"):
            await call(srv["port"])
    stream = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big
    async with raw_server(lambda _r: stream, close_after=True) as srv:
        with pytest.raises(TargetBadResponse, match="exceeds 100 bytes"):
            await call(srv["port"])


async def test_failures_have_the_kinds_and_words_of_the_aiohttp_path() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(
        TargetConnectionError, match=re.escape("connection refused at http://127.0.0.1")
    ):
        await call(port)
    async with raw_server(lambda _r: None) as srv:  # closes without answering
        with pytest.raises(TargetConnectionError, match="connection lost"):
            await call(srv["port"])
    cut = b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"a"'
    async with raw_server(lambda _r: cut, close_after=True) as srv:
        with pytest.raises(TargetBadResponse, match="cut off"):
            await call(srv["port"])
    async with raw_server(lambda _r: b"SPAM\r\n\r\n") as srv:
        with pytest.raises(TargetConnectionError, match=re.escape("not an HTTP/1.1 answer")):
            await call(srv["port"])
    async with raw_server(lambda _r: b"") as srv:  # reads, never answers
        client = HttpClient("t", 0.2)
        with pytest.raises(TargetTimeout, match=re.escape("no answer within 0.2s")):
            await call(srv["port"], client)
        await client.aclose()


def test_urls_it_cannot_send_as_they_are_are_left_to_aiohttp() -> None:
    assert http1.endpoint("http://127.0.0.1:8000/v1/chat/completions") is not None
    for url in (
        "https://api.openai.com/v1/chat/completions",  # TLS
        "http://user:pw@host/v1",  # credentials: aiohttp sends them as basic auth
        "http://host/v1?x=1",  # a query: aiohttp merges it with params
        "http://host/a b",  # to be quoted
        "http://host/caf\u00e9",
    ):
        assert http1.endpoint(url) is None, url
    ep = http1.endpoint("http://127.0.0.1:8000/v1")
    assert ep is not None
    assert http1.request_head("POST", ep, {"X-Bad": "a\r\nInjected: 1"}, 0) is None
    # The head is kept per method, URL and headers: asked again, the same answers.
    assert http1.request_head("POST", ep, {"X-Bad": "a\r\nInjected: 1"}, 0) is None
    heads = [http1.request_head("POST", ep, {"X-A": "1"}, n) for n in (7, 12, 7)]
    assert (
        heads[0]
        == heads[2]
        == (
            b"POST /v1 HTTP/1.1\r\nX-A: 1\r\nHost: 127.0.0.1:8000\r\n"
            b"User-Agent: phaseone\r\nContent-Length: 7\r\n\r\n"
        )
    )
    assert heads[1] is not None and heads[1].endswith(b"Content-Length: 12\r\n\r\n")
    other = http1.request_head("GET", ep, {"X-A": "2", "User-Agent": "me"}, 0)
    assert other is not None and other.startswith(b"GET /v1 HTTP/1.1\r\nX-A: 2\r\n")
    assert b"phaseone" not in other


async def test_past_the_pool_limit_calls_go_through_aiohttp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lean pool holds at most `POOL_LIMIT` calls in flight; past it aiohttp's pool
    (which queues) takes them, rather than connections opened without bound."""
    import phaseone.targets.client as client_module

    async with raw_server(lambda _r: ok(b'{"a": 1}')) as srv:
        client = HttpClient("t", 5.0)
        monkeypatch.setattr(client_module, "POOL_LIMIT", 0)
        assert await call(srv["port"], client) == {"a": 1}
        assert client._session is not None and not client._lean._idle
        monkeypatch.setattr(client_module, "POOL_LIMIT", 1000)
        assert await call(srv["port"], client) == {"a": 1}
        assert sum(len(c) for c in client._lean._idle.values()) == 1
        assert client._lean.busy == 0
        await client.aclose()
