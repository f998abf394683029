"""Streams through the lean HTTP/1.1 client (`http1.Http1Stream`, used by
`OpenAIUpstream.stream` on plain ``http://``): pieces reach the reader as they are sent,
each read has the call's timeout (the stream as a whole has none), a connection is kept
only when its answer was read to the end, a slow reader holds the server back, and the
failures have the kinds and words of the aiohttp path."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest

from phaseone.chat import ChatMessage
from phaseone.errors import (
    TargetBadResponse,
    TargetConnectionError,
    TargetStatusError,
    TargetTimeout,
)
from phaseone.plan.components import OpenAITarget
from phaseone.targets import http1
from phaseone.targets.chat import ChatRequest
from phaseone.targets.chat_openai import OpenAIUpstream
from phaseone.targets.client import HttpClient

REQ = ChatRequest("public", [ChatMessage("user", "hi")])
Writer = asyncio.StreamWriter
Script = Callable[[Writer, int], Awaitable[bool]]  # (writer, request number) -> keep open?

SSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
)


def framed(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def event(content: str) -> bytes:
    doc = {"choices": [{"index": 0, "delta": {"content": content}}]}
    return b"data: " + json.dumps(doc).encode() + b"\n\n"


DONE = b"data: [DONE]\n\n"
END = b"0\r\n\r\n"


@asynccontextmanager
async def script_server(script: Script) -> AsyncIterator[dict[str, int]]:
    """A server that reads each request and runs `script` to answer it; counts
    connections and requests."""
    seen = {"connections": 0, "requests": 0}

    async def handle(reader: asyncio.StreamReader, writer: Writer) -> None:
        seen["connections"] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                seen["requests"] += 1
                if not await script(writer, seen["requests"]):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    seen["port"] = server.sockets[0].getsockname()[1]
    try:
        yield seen
    finally:
        server.close()


def upstream(port: int, timeout_s: float = 5.0) -> OpenAIUpstream:
    cfg = OpenAITarget(base_url=f"http://127.0.0.1:{port}/v1", model="m", timeout_s=timeout_s)
    return OpenAIUpstream(cfg)


async def send(writer: Writer, *parts: bytes) -> None:
    writer.write(b"".join(parts))
    await writer.drain()


async def test_each_piece_reaches_the_reader_as_it_is_sent() -> None:
    """The first chunk is read while the server still holds the rest (a reader that
    waited for the whole body would never get it: the server waits for the reader)."""
    first_read = asyncio.Event()

    async def script(w: Writer, n: int) -> bool:
        await send(w, SSE_HEAD, framed(event("Hel")))
        await asyncio.wait_for(first_read.wait(), 5)
        await send(w, framed(event("lo")), framed(DONE), END)
        return True

    async with script_server(script) as srv:
        up = upstream(srv["port"])
        got = []
        async for chunk in up.stream(REQ, 10):
            got.append(chunk.content)
            first_read.set()
        assert got == ["Hel", "lo"]
        assert up._client._session is None  # aiohttp was not used
        await up.aclose()


async def test_a_stream_read_to_its_end_keeps_its_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`[DONE]` with the body's end in one write, or the end in a later write (drained in
    the background): the next stream uses the same connection. A stream left part-way
    (its reader stopped, the server never ends it) is dropped after `DRAIN_S`."""
    monkeypatch.setattr(http1, "DRAIN_S", 0.2)
    ended = asyncio.Event()

    async def script(w: Writer, n: int) -> bool:
        if n == 1:  # [DONE] and the end together
            await send(w, SSE_HEAD, framed(event("a")), framed(DONE), END)
        elif n == 2:  # the end after [DONE], in a later write
            await send(w, SSE_HEAD, framed(event("b")), framed(DONE))
            await asyncio.sleep(0.05)
            await send(w, END)
            ended.set()
        elif n == 3:  # never ends
            await send(w, SSE_HEAD, framed(event("c")))
            await asyncio.sleep(5)
        else:
            await send(w, SSE_HEAD, framed(event("e")), framed(DONE), END)
        return True

    async with script_server(script) as srv:
        up = upstream(srv["port"])
        lean = up._client._lean
        assert [c.content async for c in up.stream(REQ, 10)] == ["a"]
        assert sum(len(c) for c in lean._idle.values()) == 1
        assert [c.content async for c in up.stream(REQ, 10)] == ["b"]
        assert sum(len(c) for c in lean._idle.values()) == 0  # draining the end
        await asyncio.wait_for(ended.wait(), 5)
        await asyncio.sleep(0.05)
        assert sum(len(c) for c in lean._idle.values()) == 1
        assert (srv["requests"], srv["connections"]) == (2, 1)
        events = up.stream(REQ, 10)
        assert (await anext(events)).content == "c"
        await events.aclose()  # the reader leaves part-way
        await asyncio.sleep(0.3)  # past the drain bound
        assert sum(len(c) for c in lean._idle.values()) == 0 and lean.busy == 0
        assert [c.content async for c in up.stream(REQ, 10)] == ["e"]
        assert (srv["requests"], srv["connections"]) == (4, 2)
        await up.aclose()


async def test_each_read_has_the_timeout_not_the_whole_stream() -> None:
    async def slow(w: Writer, n: int) -> bool:  # 6 gaps of 0.1 s: 0.6 s > the timeout
        await send(w, SSE_HEAD)
        for i in range(6):
            await asyncio.sleep(0.1)
            await send(w, framed(event(str(i))))
        await send(w, framed(DONE), END)
        return True

    async with script_server(slow) as srv:
        up = upstream(srv["port"], timeout_s=0.4)
        assert [c.content async for c in up.stream(REQ, 10)] == list("012345")
        await up.aclose()

    async def stalls(w: Writer, n: int) -> bool:
        await send(w, SSE_HEAD, framed(event("a")))
        await asyncio.sleep(2)
        return False

    async with script_server(stalls) as srv:
        up = upstream(srv["port"], timeout_s=0.3)
        seen = []
        with pytest.raises(TargetTimeout, match=r"no data within 0\.3s"):
            async for c in up.stream(REQ, 10):
                seen.append(c.content)
        assert seen == ["a"]
        assert up._client._lean.busy == 0
        await up.aclose()


async def test_failures_have_the_kinds_and_words_of_the_aiohttp_path() -> None:
    async def cut(w: Writer, n: int) -> bool:
        await send(w, SSE_HEAD, framed(event("a")), b"40\r\npartial")
        return False  # closes mid-chunk

    async with script_server(cut) as srv:
        up = upstream(srv["port"])
        with pytest.raises(TargetBadResponse, match="the stream was cut off"):
            [c async for c in up.stream(REQ, 10)]
        await up.aclose()

    async def refuse(w: Writer, n: int) -> bool:
        body = b'{"error": {"message": "slow down"}}'
        await send(
            w,
            b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: %d\r\n\r\n"
            % len(body),
            body,
        )
        return True

    async with script_server(refuse) as srv:
        up = upstream(srv["port"])
        with pytest.raises(TargetStatusError, match="slow down") as info:
            [c async for c in up.stream(REQ, 10)]
        assert (info.value.status, info.value.retry_after) == (429, 7.0)
        await up.aclose()

    async def hang_up(w: Writer, n: int) -> bool:
        return False  # closes before any answer

    async with script_server(hang_up) as srv:
        up = upstream(srv["port"])
        with pytest.raises(TargetConnectionError, match="connection lost"):
            [c async for c in up.stream(REQ, 10)]
        await up.aclose()
        port = srv["port"]
    up = upstream(port)  # nothing listens there any more
    with pytest.raises(TargetConnectionError, match="connection refused at openai m"):
        [c async for c in up.stream(REQ, 10)]
    await up.aclose()


async def test_a_gzip_stream_sent_unasked_is_decoded() -> None:
    raw = event("zip") + DONE
    packed = gzip.compress(raw)
    head = SSE_HEAD.replace(b"\r\n\r\n", b"\r\nContent-Encoding: gzip\r\n\r\n")

    async def script(w: Writer, n: int) -> bool:
        await send(w, head, framed(packed[:10]))
        await asyncio.sleep(0.02)
        await send(w, framed(packed[10:]), END)
        return True

    async with script_server(script) as srv:
        up = upstream(srv["port"])
        assert [c.content async for c in up.stream(REQ, 10)] == ["zip"]
        await up.aclose()


async def test_a_slow_reader_holds_the_server_back() -> None:
    """2 MB sent at once, read slowly: what waits in the client stays near the bound (the
    connection stops reading), and every byte arrives, in order."""
    data = bytes(range(256)) * (2 * 4096)  # 2 MiB
    pieces = [data[i : i + 16384] for i in range(0, len(data), 16384)]

    async def script(w: Writer, n: int) -> bool:
        await send(w, b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(data))
        for p in pieces:
            w.write(p)
        await w.drain()
        return True

    async with script_server(script) as srv:
        client = HttpClient("t", 5.0)
        stream = client.lean_stream(f"http://127.0.0.1:{srv['port']}/x", {}, b"{}")
        assert stream is not None
        answer = await stream.open()
        assert answer.status == 200
        got = bytearray()
        most = 0
        while piece := await stream.read():
            got += piece
            most = max(most, stream._size)
            await asyncio.sleep(0.002)
        stream.close()
        assert bytes(got) == data
        assert most <= http1.STREAM_BUFFER_BYTES + 256 * 1024  # the bound and a read
        assert sum(len(c) for c in client._lean._idle.values()) == 1  # read whole: kept
        await client.aclose()


async def test_urls_and_loads_it_leaves_to_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    import phaseone.targets.client as client_module

    client = HttpClient("t", 5.0)
    assert client.lean_stream("https://api.example.com/v1/chat", {}, b"") is None
    assert client.lean_stream("http://h/v1/chat?x=1", {}, b"") is None
    assert client.lean_stream("http://h/v1/chat", {"X": "a\nb"}, b"") is None
    assert client.lean_stream("http://h/v1/chat", {}, b"") is not None

    async def script(w: Writer, n: int) -> bool:
        await send(w, SSE_HEAD, framed(event("via aiohttp")), framed(DONE), END)
        return True

    async with script_server(script) as srv:
        monkeypatch.setattr(client_module, "POOL_LIMIT", 0)
        up = upstream(srv["port"])
        assert [c.content async for c in up.stream(REQ, 10)] == ["via aiohttp"]
        assert up._client._session is not None  # the aiohttp path served it
        await up.aclose()
