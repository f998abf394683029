"""The gateway's HTTP/1.1 connection: uvicorn's httptools protocol with limits and deadlines.

uvicorn over httptools enforces no limit on the request head and no read deadline
(``h11_max_incomplete_event_size`` is for h11 only): httptools keeps a partial header in
memory however long it grows, and a connection that sends nothing, or a byte now and
then, is kept for ever. Issue 21's fault campaign took a gateway from 102 to 953 MB with
100 unterminated 8 MB headers, and held 1,000 slowloris connections open.

`GatewayProtocol` counts the bytes of a request head as they arrive, so httptools is never
fed more than one read (at most 256 KiB) past the limit, and checks the header count and
the URL length after each read that leaves a head incomplete, and once more, exactly, when
the head is complete. A deadline runs from a head's first read to its last header, another
from the last header to the end of the body, and an idle keep-alive connection is closed
after `keep_alive_s`. A client address may hold at most `max_connections_per_client`
connections. Every refusal is the gateway's JSON error shape with an ``X-Request-Id``
(431 / 414 / 408 / 400 / 429), and the connection is closed after it; the body limit
itself is enforced by the app while it reads (after the key is checked). Each refusal
is counted by its code in `/metrics` (``phaseone_http_refusals_total{reason=…}``).

Cost: a request that arrives whole in one read (nearly all) takes three comparisons more in
`on_headers_complete` and arms no timer; timers are armed only for a head or a body split
across reads (`bench/bench_gateway.py` measures the difference with `protocol_cost`).

An answer's head and its first body bytes leave in one write (`_HeadWithBody`): uvicorn
writes them apart, two system calls and two TCP segments per answer, which on loopback
were ~10 % of the gateway's CPU per request (`bench/bench_openai_gateway.py`). A stream's
further chunks written in one event-loop step leave together at the end of the step.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from phaseone.gateway.error_body import error_json
from phaseone.guard.trace_row import new_request_id
from phaseone.plan.schema import LimitsControl

log = logging.getLogger("phaseone.gateway")

#: After a refusal, read and drop at most this much of what the client still sends (and
#: for at most `_LINGER_S`), so that it can read the answer before the socket is reset.
_LINGER_BYTES = 1 << 20
_LINGER_S = 2.0


@dataclass(frozen=True)
class HttpLimits:
    """The limits one gateway applies to every connection (`controls.limits`)."""

    max_header_bytes: int = 16384
    max_headers: int = 100
    max_request_line_bytes: int = 8192
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    keep_alive_s: float = 5.0
    max_connections_per_client: int | None = 512

    @classmethod
    def from_plan(cls, config: LimitsControl) -> HttpLimits:
        return cls(
            max_header_bytes=config.max_header_bytes,
            max_headers=config.max_headers,
            max_request_line_bytes=config.max_request_line_bytes,
            header_timeout_s=config.header_timeout_s,
            body_timeout_s=config.body_timeout_s,
            keep_alive_s=config.keep_alive_s,
            max_connections_per_client=config.max_connections_per_client,
        )


class _Refusal(Exception):
    """Raised from a parser callback; `data_received` answers it (httptools wraps it)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _too_many_headers(limits: HttpLimits) -> _Refusal:
    return _Refusal(
        431,
        "too_many_headers",
        f"the request has more than {limits.max_headers} headers (controls.limits.max_headers)",
    )


def _request_line_too_long(limits: HttpLimits) -> _Refusal:
    return _Refusal(
        414,
        "request_line_too_long",
        f"the URL exceeds {limits.max_request_line_bytes} bytes"
        " (controls.limits.max_request_line_bytes)",
    )


def _headers_too_large(limits: HttpLimits, what: str = "the request line and headers") -> _Refusal:
    return _Refusal(
        431,
        "headers_too_large",
        f"{what} exceed {limits.max_header_bytes} bytes (controls.limits.max_header_bytes)",
    )


def _gateway_app(config: Config) -> Any:
    """The app that carries `http_limits` (the gateway app), or None.

    uvicorn may wrap the app in middleware (proxy headers, message logging), each keeping
    the one it wraps as ``.app``; `--workers N` builds the app in each worker, so the
    limits travel with it rather than through uvicorn's own settings."""
    app: Any = config.loaded_app
    for _ in range(8):
        if isinstance(getattr(app, "http_limits", None), HttpLimits):
            return app
        app = getattr(app, "app", None)
        if app is None:
            break
    return None


def limits_of(config: Config) -> HttpLimits:
    """The app's `http_limits` (the gateway app carries them), else the defaults."""
    app = _gateway_app(config)
    return app.http_limits if app is not None else HttpLimits()


def count_refusal(config: Config, code: str) -> None:
    """Add one to the app's refusal counter (`/metrics`: ``phaseone_http_refusals``).

    Looked up at refusal time, not per connection, so that the normal request path pays
    nothing for it."""
    app = _gateway_app(config)
    counter = getattr(app, "on_http_refusal", None)
    if counter is not None:
        counter(code)


def _client_counts(state: ServerState) -> dict[str, int]:
    counts: dict[str, int] | None = getattr(state, "p1_client_connections", None)
    if counts is None:
        counts = {}
        state.p1_client_connections = counts  # type: ignore[attr-defined]
    return counts


def error_bytes(status: int, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 answer in the gateway's error shape, closing the connection."""
    rid = new_request_id()
    body = error_json(code, message, rid)
    return b"".join(
        [
            STATUS_LINE[status],
            b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body),
            b"x-request-id: %s\r\nconnection: close\r\n\r\n" % rid.encode(),
            body,
        ]
    )


class _HeadWithBody:
    """The connection's transport as one request's response cycle sees it: the cycle's
    first write (the response head) is held until its next write (the body, which an
    app sends in the same event-loop step), and both go out in one ``write``.

    A head whose body does not follow at once (a stream waiting for its first chunk, a
    ``100 Continue``) leaves on the loop's next turn, as if it had been written at once:
    nothing waits on it but the current step.

    Writes after that: the first of an event-loop step leaves at once (a stream's first
    token is never held), the others of the same step are joined and leave at the end of
    the step, in one ``write``. A streamed answer whose upstream sent several chunks in
    one read was one system call and one TCP segment per chunk (7 writes per streamed
    request in `bench/bench_openai_gateway.py`, each waking the reader); chunks that
    arrive apart, as a model's tokens do, still leave one by one, as they come."""

    __slots__ = ("_burst", "_fresh", "_held", "_loop", "_queued", "_scheduled", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None
        self._fresh = True
        self._burst = False  # a write left in this loop step: the next ones are joined
        self._queued: list[bytes] = []
        self._scheduled = False  # `_end_step` is due on the loop's next turn

    def write(self, data: bytes) -> None:
        if self._fresh:
            self._fresh = False
            self._held = data
            self._schedule()
            return
        if self._burst:
            self._queued.append(data)
            return
        held = self._held
        if held is not None:
            self._held = None
            data = held + data
        self._transport.write(data)
        self._burst = True
        self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._end_step)

    def _end_step(self) -> None:
        self._scheduled = False
        self._burst = False
        self.flush()

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            if not self._transport.is_closing():
                self._transport.write(held)
        queued = self._queued
        if queued:
            data = queued[0] if len(queued) == 1 else b"".join(queued)
            queued.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # anything else: the transport's own
        return getattr(self._transport, name)


class GatewayProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with `HttpLimits` enforced as the bytes arrive."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits = limits_of(config)
        self.timeout_keep_alive = limits.keep_alive_s  # type: ignore[assignment]
        self.url = b""  # uvicorn sets it when a request begins; read before that too
        self._in_head = True  # between requests, or reading a request line and headers
        self._head_bytes = 0  # bytes received since the current head began
        self._deadline: asyncio.TimerHandle | None = None
        self._counted_host: str | None = None
        self._lingering = -1  # after a refusal: bytes still to drop before closing
        self._framing_bytes = 0  # bytes read in the body phase that carried no body

    # --- connection -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        cap = self.limits.max_connections_per_client
        if cap is not None and self.client is not None:
            counts = _client_counts(self.server_state)
            host = self.client[0]
            n = counts.get(host, 0)
            if n >= cap:
                self._refuse(
                    429,
                    "too_many_connections",
                    f"this address holds {n} connections; the limit is {cap}"
                    " (controls.limits.max_connections_per_client)",
                )
                return
            counts[host] = n + 1
            self._counted_host = host
        # A connection that never sends a byte is cut like a slow one.
        self._arm(self.limits.header_timeout_s, self._head_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted_host is not None:
            counts = _client_counts(self.server_state)
            left = counts.get(self._counted_host, 1) - 1
            if left > 0:
                counts[self._counted_host] = left
            else:
                counts.pop(self._counted_host, None)
            self._counted_host = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering >= 0:  # refused: drop what is still coming, then close
            self._lingering -= len(data)
            if self._lingering < 0:
                self.transport.close()
            return
        self._unset_keepalive_if_required()
        in_head = self._in_head
        if in_head:
            self._head_bytes += len(data)
            body_before = 0
        else:  # a body that did not come whole with its headers (rare)
            body_before = len(self.cycle.body)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError as exc:
            cause = exc.__context__  # httptools wraps what a callback raised
            if isinstance(cause, _Refusal):
                self._refuse(cause.status, cause.code, cause.message)
            else:
                self._refuse(400, "bad_request", f"the request is not valid HTTP/1.1 ({exc})")
            return
        # The checks below run only when a read leaves a request incomplete: a request
        # that arrives whole is checked once, in on_headers_complete, and arms no timer.
        if self._in_head:
            if self._head_bytes:
                self._check_partial_head()
        elif self.cycle.more_body and not self.transport.is_closing():
            if self._deadline is None:
                self._arm(self.limits.body_timeout_s, self._body_timeout)
            if not in_head:
                self._check_framing(len(data), len(self.cycle.body) != body_before)

    def _check_partial_head(self) -> None:
        """An incomplete request head: refuse it as soon as it is over a limit, and start
        its deadline at its first read."""
        limits = self.limits
        headers = self.headers
        try:
            if headers is not None and len(headers) > limits.max_headers:
                raise _too_many_headers(limits)
            if len(self.url) > limits.max_request_line_bytes:
                raise _request_line_too_long(limits)
            if self._head_bytes > limits.max_header_bytes:
                raise _headers_too_large(limits)
        except _Refusal as r:
            self._refuse(r.status, r.code, r.message)
            return
        if self._deadline is None:
            self._arm(limits.header_timeout_s, self._head_timeout)

    def _check_framing(self, size: int, carried_body: bool) -> None:
        """Reads in the body phase that carried no body byte are chunk framing, or trailers
        after the last chunk, which httptools keeps in memory like headers."""
        if carried_body:
            self._framing_bytes = 0
            return
        self._framing_bytes += size
        if self._framing_bytes > self.limits.max_header_bytes:
            r = _headers_too_large(self.limits, "the trailers")
            self._refuse(r.status, r.code, r.message)

    # --- parser callbacks -----------------------------------------------------------

    def on_headers_complete(self) -> None:
        limits = self.limits
        if len(self.headers) > limits.max_headers:
            raise _too_many_headers(limits)
        if len(self.url) > limits.max_request_line_bytes:
            raise _request_line_too_long(limits)
        if self._head_bytes > limits.max_header_bytes:
            # The bytes read may include the start of the body: measure the head itself.
            size = len(self.url) + 16 + sum(len(n) + len(v) + 4 for n, v in self.headers)
            if size > limits.max_header_bytes:
                raise _headers_too_large(limits)
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._in_head = False
        self._head_bytes = 0
        before = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle is not before:  # its task has not run yet
            cycle.transport = _HeadWithBody(self.transport, self.loop)  # type: ignore[assignment]

    def on_message_complete(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._in_head = True
        self._framing_bytes = 0
        super().on_message_complete()

    def on_response_complete(self) -> None:
        cycle = self.cycle
        if (
            cycle is not None
            and cycle.response_complete  # this is the cycle answered, not a pipelined one
            and cycle.more_body
            and not self.transport.is_closing()
        ):
            # Answered before the body arrived (an early 413, or a route that ignores
            # bodies): not worth reading, but a close with the client still sending makes
            # its writes fail and can reset the answer away, so close lingering.
            self.server_state.total_requests += 1
            if isinstance(cycle.transport, _HeadWithBody):
                cycle.transport.flush()  # the answer leaves before the end of our side
            self._disarm()  # the body deadline must not answer again
            self._unset_keepalive_if_required()
            self._linger()
            return
        super().on_response_complete()

    def _unsupported_upgrade_warning(self) -> None:
        # There is no WebSocket route: an upgrade request is served as an ordinary request.
        # uvicorn logs two warnings per such request, which lets any client fill the log.
        log.debug("ignored an upgrade request from %s", self.client)

    # --- deadlines and refusals -----------------------------------------------------

    def _arm(self, seconds: float, handler: Any) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, handler)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _head_timeout(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._head_bytes == 0:  # never sent a byte: nothing to answer
            self.transport.close()
            return
        self._refuse(
            408,
            "header_timeout",
            f"the request headers did not arrive within {self.limits.header_timeout_s:g} s"
            " (controls.limits.header_timeout_s)",
        )

    def _body_timeout(self) -> None:
        self._deadline = None
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None or not cycle.more_body:
            return
        if self.pipeline:  # queued behind an earlier request: its body is not being read yet
            self._arm(self.limits.body_timeout_s, self._body_timeout)
            return
        self._refuse(
            408,
            "body_timeout",
            f"the request body did not arrive within {self.limits.body_timeout_s:g} s"
            " (controls.limits.body_timeout_s)",
        )

    def _refuse(self, status: int, code: str, message: str) -> None:
        """Answer `status` in the error shape (unless the app already began an answer),
        then drop what the client still sends for a moment and close."""
        self._disarm()
        self._unset_keepalive_if_required()
        log.debug("refused a connection from %s: %s %s", self.client, status, code)
        count_refusal(self.config, code)
        cycle = self.cycle
        answered = False
        if cycle is not None and not cycle.response_complete:
            answered = cycle.response_started
            # The app's own answer, if it comes, is not sent, and its `receive()` ends.
            cycle.disconnected = True
            cycle.message_event.set()
        if self.transport.is_closing():
            return
        if answered:
            self.transport.close()
            return
        self.transport.write(error_bytes(status, code, message))
        self._linger()

    def _linger(self) -> None:
        """A lingering close: end our side after the answer (FIN), then read and drop what
        the client still sends, up to `_LINGER_BYTES` and `_LINGER_S`, and close. The
        client's writes succeed and it reads the answer; closing at once with its bytes
        unread would make the kernel answer them with a reset."""
        self._lingering = _LINGER_BYTES
        self.flow.resume_reading()
        try:
            self.transport.write_eof()
        except (NotImplementedError, OSError, RuntimeError):  # pragma: no cover
            self.transport.close()
            return
        self.loop.call_later(_LINGER_S, self._end_linger)

    def _end_linger(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()


__all__ = ["GatewayProtocol", "HttpLimits", "count_refusal", "error_bytes", "limits_of"]
