"""A lean HTTP/1.1 client for whole JSON answers over plain ``http://``: what
`client.HttpClient.request_json` uses instead of aiohttp when it can.

Why: on the gateway's hot path the call to the upstream was the largest single cost of a
request. aiohttp builds a `ClientRequest` and a `ClientResponse`, header multidicts, a
payload writer, tracing hooks and a timer context per call: ~150–250 µs of CPU on the
2-core development VM for a call whose bytes take a few µs to write and parse. Here a call
is one pre-formatted write on a kept-alive connection and httptools (the C parser uvicorn
already uses) for the answer, under one `asyncio.timeout`.

What it does: keep-alive connections per (host, port), reused last-in first-out, dropped
after `KEEPALIVE_S` idle (looked at when a connection is taken, so an idle client runs no
timer); ``Content-Length`` and chunked answers, an answer read until the server closes, and
``gzip``/``deflate`` bodies should a server send one unasked; the `MAX_ANSWER_BYTES` cap
(from ``Content-Length`` before reading, else while reading).

Streams (server-sent events) too: `Http1Pool.stream` gives an `Http1Stream`, whose body
is read piece by piece as it arrives, each read under the call's timeout. aiohttp's
session, request and response objects were ~27 % of a streamed chat request's CPU in the
gateway (py-spy, 32 streaming clients), all of it before the first token could leave.

What it leaves to aiohttp (`usable` says no, and the caller uses its aiohttp session):
``https://``, a URL with credentials, query parameters or characters to quote, and header
values with a line break.
"""

from __future__ import annotations

import asyncio
import socket
import zlib
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httptools

#: The largest answer read (the same bound as `client.MAX_ANSWER_BYTES`).
MAX_ANSWER_BYTES = 16 * 1024 * 1024
#: How long an idle connection is kept for the next call.
KEEPALIVE_S = 60.0
#: Idle connections kept per (host, port); more are closed when they are released.
MAX_IDLE = 1000
#: A stream's body read but not yet taken by its reader, above which the connection stops
#: reading (TCP flow control holds the server back) until the reader catches up.
STREAM_BUFFER_BYTES = 256 * 1024
#: A stream closed before its end is read on for at most this long and this many bytes
#: (the framing after ``data: [DONE]``), to keep its connection; else it is dropped.
DRAIN_S = 1.0
DRAIN_BYTES = 64 * 1024


class Http1Error(Exception):
    """A call that got no usable answer; the subclass says why."""


class ConnectFailed(Http1Error):
    """No connection could be made; `reason` in the words of `client.connect_failure`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Disconnected(Http1Error):
    """The server closed the connection before the answer was complete; `cut` when the
    answer had begun (its head was read)."""

    def __init__(self, cut: bool) -> None:
        super().__init__("the answer was cut off" if cut else "Server disconnected")
        self.cut = cut


class TooLarge(Http1Error):
    """The answer is over `MAX_ANSWER_BYTES`; `length` when its Content-Length said so."""

    def __init__(self, length: int | None) -> None:
        super().__init__("the answer is over the size cap")
        self.length = length


class BadAnswer(Http1Error):
    """The bytes are not an HTTP/1.1 answer (or its encoding cannot be undone)."""


@dataclass(slots=True, frozen=True)
class Answer:
    status: int
    body: bytes
    retry_after: str | None
    content_type: str


@dataclass(slots=True, frozen=True)
class Endpoint:
    """Where a URL is sent: the connection's address and the request line's parts."""

    host: str
    port: int
    host_header: bytes
    target: bytes


_endpoints: dict[str, Endpoint | None] = {}


def endpoint(url: str) -> Endpoint | None:
    """The URL's endpoint, or None when this client leaves the URL to aiohttp. Cached:
    a target calls the same few URLs for its whole life."""
    try:
        return _endpoints[url]
    except KeyError:
        pass
    found: Endpoint | None = None
    try:
        parts = urlsplit(url)
        port = parts.port or 80
        plain = url.isascii() and url.isprintable() and not any(c in url for c in " %?#")
        if plain and parts.scheme == "http" and parts.hostname and not parts.username:
            found = Endpoint(
                parts.hostname,
                port,
                parts.netloc.encode("ascii"),
                (parts.path or "/").encode("ascii"),
            )
    except ValueError:  # a port that is not a number: aiohttp says what is wrong
        found = None
    if len(_endpoints) < 4096:  # URLs come from the plan; a bound all the same
        _endpoints[url] = found
    return found


_HeadKey = tuple[str, bytes, bytes, tuple[tuple[str, str], ...]]
_heads: dict[_HeadKey, bytes | None] = {}


def request_head(
    method: str, ep: Endpoint, headers: dict[str, str], body_length: int
) -> bytes | None:
    """The request line and headers; None when a header cannot be sent as it is (a line
    break in it: aiohttp refuses it with its own words).

    All but the length is cached: a target sends the same method and headers to the same
    URL on every call, and checking and encoding them each time was ~2 µs of a call."""
    key = (method, ep.target, ep.host_header, tuple(headers.items()))
    try:
        start = _heads[key]
    except KeyError:
        start = _head_start(method, ep, headers)
        if len(_heads) < 1024:  # targets keep their headers; a bound all the same
            _heads[key] = start
    if start is None:
        return None
    return start + b"Content-Length: %d\r\n\r\n" % body_length


def _head_start(method: str, ep: Endpoint, headers: dict[str, str]) -> bytes | None:
    lines = [method.encode("ascii"), b" ", ep.target, b" HTTP/1.1\r\n"]
    host = ep.host_header
    agent = False
    for name, value in headers.items():
        if "\r" in value or "\n" in value or "\r" in name or "\n" in name or ":" in name:
            return None
        low = name.lower()
        if low == "host":
            host = value.encode()
            continue
        if low in ("content-length", "transfer-encoding", "connection"):
            continue  # framing is this client's
        agent = agent or low == "user-agent"
        lines += (name.encode(), b": ", value.encode(), b"\r\n")
    lines += (b"Host: ", host, b"\r\n")
    if not agent:
        lines.append(b"User-Agent: phaseone\r\n")
    return b"".join(lines)


class _Connection(asyncio.Protocol):
    """One kept-alive connection, one request at a time; httptools calls the ``on_*``
    methods while `data_received` feeds it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[Answer] | None = None
        self.closed = False
        self.keep_alive = False
        self.idle_since = 0.0
        self.max_bytes = MAX_ANSWER_BYTES
        #: The stream reading this answer's body as it arrives (None: a whole answer).
        self.sink: Http1Stream | None = None
        self._begin()

    def _begin(self) -> None:
        self.body: list[bytes] = []
        self.size = 0
        self.head_done = False
        self.until_close = False
        self.framed = False  # a Content-Length or chunks say where the answer ends
        self.retry_after: str | None = None
        self.content_type = ""
        self.encoding = b""
        self.error: Http1Error | None = None

    # -- asyncio ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.error = self.error or BadAnswer(f"not an HTTP/1.1 answer ({exc})")
        if self.error is not None:
            self._fail(self.error)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter = self.waiter
        sink = self.sink
        if sink is not None and self.head_done:
            if self.until_close and self.error is None:  # no length, not chunked: the end
                sink.end()
            else:
                sink.fail(Disconnected(True))
            return
        if waiter is None or waiter.done():
            return
        if self.until_close and self.error is None:  # no length, not chunked: this is the end
            self._complete()
        else:
            waiter.set_exception(Disconnected(self.head_done))

    # -- httptools ---------------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        low = name.lower()
        if low == b"retry-after":
            self.retry_after = value.decode("latin-1")
        elif low == b"content-type":
            self.content_type = value.decode("latin-1")
        elif low == b"content-encoding":
            self.encoding = value.strip().lower()
        elif low == b"transfer-encoding":
            self.framed = True
        elif low == b"content-length":
            self.framed = True
            try:
                length = int(value)
            except ValueError:
                return  # the parser refuses it
            if length > self.max_bytes and self.sink is None:
                self.error = TooLarge(length)

    def on_headers_complete(self) -> None:
        self.head_done = True
        # An answer with neither Content-Length nor chunks ends when the server closes
        # (204 and 304 have no body, and end here).
        self.until_close = not self.framed and self.parser.get_status_code() not in (204, 304)
        waiter = self.waiter
        if self.sink is not None and waiter is not None and not waiter.done():
            status = self.parser.get_status_code()
            waiter.set_result(Answer(status, b"", self.retry_after, self.content_type))

    def on_body(self, body: bytes) -> None:
        if self.sink is not None:  # a stream: its reader takes the body as it comes
            self.sink.push(body)
            return
        self.size += len(body)
        if self.size > self.max_bytes:
            self.error = self.error or TooLarge(None)
            return
        self.body.append(body)

    def on_message_complete(self) -> None:
        if self.error is None:
            self.keep_alive = self.parser.should_keep_alive()
            self.until_close = False
            if self.sink is not None:
                self.sink.end()
                return
            self._complete()

    # -- the call ------------------------------------------------------------------------

    def _complete(self) -> None:
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        try:
            body = _decoded(b"".join(self.body), self.encoding, self.max_bytes)
        except Http1Error as exc:
            waiter.set_exception(exc)
            return
        waiter.set_result(
            Answer(self.parser.get_status_code(), body, self.retry_after, self.content_type)
        )

    def _fail(self, exc: Http1Error) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)
        if self.sink is not None:
            self.sink.fail(exc)
        self.abort()

    def send(
        self, head: bytes, body: bytes, loop: asyncio.AbstractEventLoop, max_bytes: int
    ) -> asyncio.Future[Answer]:
        self._begin()  # the parser goes on: a kept-alive connection's next answer
        self.max_bytes = max_bytes
        self.keep_alive = False
        self.waiter = loop.create_future()
        assert self.transport is not None
        if len(body) < 65536:  # one write, one segment: the common case
            self.transport.write(head + body)
        else:  # no copy of a large body
            self.transport.write(head)
            self.transport.write(body)
        return self.waiter

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            try:
                self.transport.abort()
            except RuntimeError:  # its loop is closed (a client used from a new loop)
                pass


def _decoded(body: bytes, encoding: bytes, max_bytes: int) -> bytes:
    """The body without its Content-Encoding (none is asked for; a server may send one)."""
    if not encoding or encoding == b"identity":
        return body
    if encoding not in (b"gzip", b"x-gzip", b"deflate"):
        raise BadAnswer(f"the answer's Content-Encoding {encoding.decode('latin-1')!r} is unknown")
    wbits = 16 + zlib.MAX_WBITS if encoding != b"deflate" else zlib.MAX_WBITS
    try:
        d = zlib.decompressobj(wbits)
        out = d.decompress(body, max_bytes + 1)
    except zlib.error:
        if encoding != b"deflate":
            raise BadAnswer("the answer's gzip body is broken") from None
        try:  # "deflate" sent raw, without zlib's header, as some servers do
            d = zlib.decompressobj(-zlib.MAX_WBITS)
            out = d.decompress(body, max_bytes + 1)
        except zlib.error:
            raise BadAnswer("the answer's deflate body is broken") from None
    if len(out) > max_bytes:
        raise TooLarge(None)
    return out


class Http1Stream:
    """One call whose answer's body is read as it arrives: `open` sends the request and
    waits for the answer's head, `read` gives the body's next piece (b"" at its end),
    `close` gives the connection back (the answer was read to its end) or drops it.

    Each wait (connecting, the head, every piece) has the call's timeout, as aiohttp's
    ``sock_connect`` and ``sock_read``: a long stream is fine, a silent one is not. A body
    the reader does not keep up with stops the connection's reading past
    `STREAM_BUFFER_BYTES` (the server is held back by TCP flow control)."""

    __slots__ = (
        "_body",
        "_conn",
        "_decoder",
        "_done",
        "_drain",
        "_ended",
        "_error",
        "_head",
        "_paused",
        "_pieces",
        "_pool",
        "_reader",
        "_size",
        "ep",
        "timeout_s",
    )  # fmt: skip

    def __init__(
        self, pool: Http1Pool, ep: Endpoint, head: bytes, body: bytes, timeout_s: float
    ) -> None:
        self._pool = pool
        self.ep = ep
        self._head = head
        self._body = body
        self.timeout_s = timeout_s
        self._conn: _Connection | None = None
        self._pieces: deque[bytes] = deque()
        self._size = 0
        self._paused = False
        self._ended = False
        self._error: Http1Error | None = None
        self._reader: asyncio.Future[None] | None = None
        self._decoder: _StreamDecoder | None = None
        self._done = False  # closed: the pool's count of calls in flight was given back
        #: Closed before the body's end (the reader stopped at ``data: [DONE]``, whose
        #: framing may come in the next read): the rest is read and dropped, then the
        #: connection goes back to the pool; this timer gives up on it.
        self._drain: asyncio.TimerHandle | None = None

    # -- the connection's side ---------------------------------------------------------

    def push(self, data: bytes) -> None:
        if self._drain is not None:  # closed: dropped, within a bound
            self._size += len(data)
            if self._size > DRAIN_BYTES:
                self._give_up()
            return
        self._pieces.append(data)
        self._size += len(data)
        if self._size > STREAM_BUFFER_BYTES and not self._paused and self._conn is not None:
            transport = self._conn.transport
            if transport is not None and not transport.is_closing():
                transport.pause_reading()
                self._paused = True
        self._wake()

    def end(self) -> None:
        self._ended = True
        if self._drain is not None:  # drained to its end: the connection is reusable
            self._drain.cancel()
            self._drain = None
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.sink = None
                if conn.keep_alive and not conn.closed:
                    self._pool.release(self.ep, conn)
                else:
                    conn.abort()
            return
        self._wake()

    def fail(self, exc: Http1Error) -> None:
        if self._drain is not None:
            self._give_up()
            return
        if not self._ended:
            self._error = self._error or exc
        self._wake()

    def _give_up(self) -> None:
        """Stop draining: the connection is dropped."""
        if self._drain is not None:
            self._drain.cancel()
            self._drain = None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.sink = None
            conn.abort()

    def _wake(self) -> None:
        reader = self._reader
        if reader is not None and not reader.done():
            reader.set_result(None)

    # -- the reader's side ---------------------------------------------------------------

    async def open(self) -> Answer:
        """Send the request; the answer's status and headers (its body is `read`)."""
        pool = self._pool
        loop = pool.bind()
        pool.busy += 1
        try:
            conn = pool.take(self.ep, loop)
            timeout_s = self.timeout_s
            if conn is None:
                async with asyncio.timeout(timeout_s):
                    conn = await _connect(loop, self.ep)
            self._conn = conn
            conn.sink = self
            waiter = conn.send(self._head, self._body, loop, MAX_ANSWER_BYTES)
            answer = await _within(loop, waiter, timeout_s)
        except BaseException:
            self.close()
            raise
        if conn.encoding and conn.encoding != b"identity":
            self._decoder = _StreamDecoder(conn.encoding)
        return answer

    async def read(self) -> bytes:
        """The body's next piece as it arrived (decoded); b"" once it has ended. Raises
        an `Http1Error` (`Disconnected` with ``cut``: the body stopped short), or
        TimeoutError after `timeout_s` without a byte."""
        while True:
            data = await self._next()
            decoder = self._decoder
            if decoder is None:
                return b"" if data is None else data
            if data is None:  # the end: what the decoder still holds, then b""
                self._decoder = None
                return decoder.flush()
            out = decoder.feed(data)
            if out:  # (a piece may hold only the compressed stream's header)
                return out

    async def _next(self) -> bytes | None:
        """The next piece as it came off the connection; None at the body's end."""
        while not self._pieces:
            if self._error is not None:
                raise self._error
            if self._ended:
                return None
            conn = self._conn
            if conn is None:
                raise Disconnected(True)
            loop = asyncio.get_running_loop()
            reader = loop.create_future()
            self._reader = reader
            timer = loop.call_later(self.timeout_s, _expire, reader)
            try:
                await reader
            finally:
                timer.cancel()
                self._reader = None
        data = self._pieces.popleft()
        self._size -= len(data)
        if self._paused and self._size <= STREAM_BUFFER_BYTES // 2:
            self._paused = False
            conn = self._conn
            if conn is not None and conn.transport is not None and not conn.closed:
                conn.transport.resume_reading()
        return data

    def close(self) -> None:
        """Give the connection back when the answer was read to its end, else drop it."""
        if self._done:
            return
        self._done = True
        self._pool.busy -= 1
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._error is None and not conn.closed and self._pool.loop is not None:
            if self._ended:
                conn.sink = None
                if conn.keep_alive:
                    self._pool.release(self.ep, conn)
                else:
                    conn.abort()
                return
            # Not at its end yet: read the rest in the background and drop it.
            self._conn = conn
            self._pieces.clear()
            self._size = 0
            self._drain = self._pool.loop.call_later(DRAIN_S, self._give_up)
            if self._paused and conn.transport is not None:
                self._paused = False
                conn.transport.resume_reading()
            return
        conn.sink = None
        conn.abort()


class _StreamDecoder:
    """A streamed body's Content-Encoding undone piece by piece (none is asked for; a
    server may send one): gzip, or deflate with zlib's header or without (as some send)."""

    def __init__(self, encoding: bytes) -> None:
        if encoding not in (b"gzip", b"x-gzip", b"deflate"):
            raise BadAnswer(
                f"the answer's Content-Encoding {encoding.decode('latin-1')!r} is unknown"
            )
        self.raw_ok = encoding == b"deflate"
        self.started = False
        wbits = 16 + zlib.MAX_WBITS if encoding != b"deflate" else zlib.MAX_WBITS
        self.d = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> bytes:
        try:
            out = self.d.decompress(data)
        except zlib.error:
            if not (self.raw_ok and not self.started):
                raise BadAnswer("the answer's compressed body is broken") from None
            self.d = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, without the header
            try:
                out = self.d.decompress(data)
            except zlib.error:
                raise BadAnswer("the answer's deflate body is broken") from None
        self.started = True
        return out

    def flush(self) -> bytes:
        return self.d.flush()


class Http1Pool:
    """Kept-alive connections of one client, bound to the loop that made them."""

    def __init__(self) -> None:
        self._idle: dict[tuple[str, int], list[_Connection]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        #: Calls in flight (each holds a connection); `HttpClient` sends more through
        #: aiohttp, whose pool queues them, rather than open connections without bound.
        self.busy = 0

    async def request(
        self,
        ep: Endpoint,
        head: bytes,
        body: bytes,
        timeout_s: float,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> Answer:
        """One call: the answer (at most `max_bytes`), or an `Http1Error`, or TimeoutError
        after `timeout_s` (connecting included)."""
        loop = self.bind()
        conn = self.take(ep, loop)
        now = loop.time()
        self.busy += 1
        try:
            if conn is None:  # the connection's time counts against the call's
                deadline = now + timeout_s
                async with asyncio.timeout_at(deadline):
                    conn = await _connect(loop, ep)
                timeout_s = deadline - loop.time()
            # `_within`, written out: one coroutine less per call, on every whole answer.
            waiter = conn.send(head, body, loop, max_bytes)
            timer = loop.call_later(timeout_s, _expire, waiter)
            try:
                answer = await waiter
            finally:
                timer.cancel()
        except BaseException:
            if conn is not None:
                conn.abort()
            raise
        finally:
            self.busy -= 1
        if conn.keep_alive and not conn.closed:
            self.release(ep, conn)
        else:
            conn.abort()
        return answer

    def stream(self, ep: Endpoint, head: bytes, body: bytes, timeout_s: float) -> Http1Stream:
        """A call whose answer is read as it arrives (`Http1Stream`; nothing is sent
        before its `open`)."""
        return Http1Stream(self, ep, head, body, timeout_s)

    def bind(self) -> asyncio.AbstractEventLoop:
        """The running loop; connections made on another loop are dropped."""
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # connections belong to the loop that made them
            self.close()
            self.loop = loop
        return loop

    def take(self, ep: Endpoint, loop: asyncio.AbstractEventLoop) -> _Connection | None:
        """The most recently used live idle connection to `ep`, or None."""
        idle = self._idle.get((ep.host, ep.port))
        now = loop.time()
        while idle:
            c = idle.pop()
            if not c.closed and now - c.idle_since < KEEPALIVE_S:
                return c
            c.abort()
        return None

    def release(self, ep: Endpoint, conn: _Connection) -> None:
        """Keep `conn` (its answer read whole) for the next call, within `MAX_IDLE`."""
        conn.waiter = None
        assert self.loop is not None
        conn.idle_since = self.loop.time()
        pool = self._idle.setdefault((ep.host, ep.port), [])
        if len(pool) < MAX_IDLE:
            pool.append(conn)
        else:
            conn.abort()

    def close(self) -> None:
        for conns in self._idle.values():
            for c in conns:
                c.abort()
        self._idle.clear()


async def _within(
    loop: asyncio.AbstractEventLoop, waiter: asyncio.Future[Answer], timeout_s: float
) -> Answer:
    """The answer `waiter` resolves to, or TimeoutError once `timeout_s` is up.

    The answer's own timer fails the waiter. `asyncio.timeout` would do the same by
    cancelling the task, at the cost of a `Timeout` object, its rescheduling and the task's
    cancel bookkeeping on every call (~4 % of a gateway request's CPU)."""
    timer = loop.call_later(timeout_s, _expire, waiter)
    try:
        return await waiter
    finally:
        timer.cancel()


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


async def _connect(loop: asyncio.AbstractEventLoop, ep: Endpoint) -> _Connection:
    try:
        _, conn = await loop.create_connection(_Connection, ep.host, ep.port)
    except socket.gaierror as exc:
        raise ConnectFailed(
            f"cannot resolve host {ep.host!r} (DNS: {exc.strerror or 'no address'})"
        ) from exc
    except ConnectionRefusedError as exc:
        raise ConnectFailed("connection refused") from exc
    except OSError as exc:
        raise ConnectFailed(f"cannot connect ({exc.strerror or type(exc).__name__})") from exc
    return conn
