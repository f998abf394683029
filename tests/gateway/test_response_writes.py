"""The gateway's HTTP layer sends an answer's head and first body bytes in one write.

uvicorn writes them apart: two system calls and two TCP segments per answer, which on
loopback were ~10 % of the gateway's CPU per request. `protocol._HeadWithBody` holds the
head until the body's write in the same event-loop step; a head whose body does not
follow at once (a stream waiting on its upstream, ``100 Continue``) must still leave at
once, on the loop's next turn. These tests drive `GatewayProtocol` through an in-memory
transport and record every write.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from phaseone.gateway.protocol import GatewayProtocol, HttpLimits


class Transport:
    """Records writes; enough of `asyncio.Transport` for the protocol."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 40000), "sockname": ("127.0.0.1", 8787)}.get(name)

    def write(self, data: bytes) -> None:
        assert not self.closed, "written after close"
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def write_eof(self) -> None: ...
    def pause_reading(self) -> None: ...
    def resume_reading(self) -> None: ...


def request(headers: bytes = b"", body: bytes = b'{"input": "hi"}') -> bytes:
    return (
        b"POST /v1/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n%s\r\n%s" % (len(body), headers, body)
    )


def protocol(app: Any) -> tuple[GatewayProtocol, Transport]:
    app.http_limits = HttpLimits()
    config = uvicorn.Config(app, lifespan="off", log_level="warning")
    config.load()
    proto = GatewayProtocol(config, ServerState(), {})
    transport = Transport()
    proto.connection_made(transport)  # type: ignore[arg-type]
    return proto, transport


async def settle(turns: int = 5) -> None:
    for _ in range(turns):
        await asyncio.sleep(0)


async def test_a_whole_answer_leaves_in_one_write_and_keep_alive_still_works() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        got = await receive()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(got["body"])),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": got["body"]})

    proto, transport = protocol(app)
    for n in (1, 2):  # the second request on the same connection is served the same way
        proto.data_received(request(body=b'{"input": "%d"}' % n))
        await settle()
        assert len(transport.writes) == n
        answer = transport.writes[-1]
        assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
        assert answer.endswith(b'\r\n\r\n{"input": "%d"}' % n)
        assert b"content-length: 14\r\n" in answer
    assert not transport.closed
    proto.connection_lost(None)


async def test_a_head_whose_body_comes_later_leaves_on_the_next_loop_turn() -> None:
    body_may_come = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await body_may_come.wait()  # a stream waiting for its upstream's first chunk
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n"})

    proto, transport = protocol(app)
    proto.data_received(request())
    await settle()
    assert len(transport.writes) == 1  # the head alone, without waiting for the body
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.writes[0].endswith(b"transfer-encoding: chunked\r\n\r\n")
    body_may_come.set()
    await settle()
    assert transport.writes[1:] == [b"9\r\ndata: 1\n\n\r\n", b"e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n"]
    proto.connection_lost(None)


async def test_100_continue_is_not_held_back_until_the_answer() -> None:
    seen: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(len(transport.writes))
        got = await receive()  # the client sends its body only after 100 Continue
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
        )
        await send({"type": "http.response.body", "body": got["body"][:2]})

    proto, transport = protocol(app)
    body = b'{"input": "x"}'
    head = request(b"Expect: 100-continue\r\n", body)[: -len(body)]
    proto.data_received(head)
    await settle()
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    proto.data_received(body)
    await settle()
    # (After a 100 Continue the head is not held: rare enough to write apart.)
    answer = b"".join(transport.writes[1:])
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b'\r\n\r\n{"')
    proto.connection_lost(None)


async def test_an_answer_that_closes_the_connection_is_written_before_the_close() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
        )
        await send({"type": "http.response.body", "body": b"ok"})

    proto, transport = protocol(app)
    proto.data_received(request(b"Connection: close\r\n"))
    await settle()
    assert transport.closed
    assert len(transport.writes) == 1
    assert b"connection: close\r\n" in transport.writes[0] and transport.writes[0].endswith(
        b"\r\n\r\nok"
    )
    proto.connection_lost(None)


async def test_a_streams_chunks_of_one_loop_step_leave_together_after_the_first() -> None:
    """Chunks sent in one event-loop step (an upstream read that brought several): the
    first leaves at once with the head, the rest together at the end of the step.
    Chunks sent in different steps (tokens that arrive apart) leave one by one, each
    when it is sent."""
    next_token = asyncio.Event()
    seen_at_first: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i in range(3):  # one step: a burst
            await send({"type": "http.response.body", "body": b"b%d" % i, "more_body": True})
            if i == 0:
                seen_at_first.append(len(transport.writes))
        await next_token.wait()
        await send({"type": "http.response.body", "body": b"late", "more_body": True})
        seen_at_first.append(len(transport.writes))
        await send({"type": "http.response.body", "body": b"end"})

    proto, transport = protocol(app)
    proto.data_received(request())
    await settle()
    assert seen_at_first == [1]  # the first chunk was written when it was sent, with the head
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.writes[0].endswith(b"\r\n\r\n2\r\nb0\r\n")
    assert transport.writes[1:] == [b"2\r\nb1\r\n2\r\nb2\r\n"]  # the rest of the step: one
    next_token.set()
    await settle()
    assert seen_at_first == [1, 3]  # a chunk alone in its step is not held
    assert transport.writes[2:] == [b"4\r\nlate\r\n", b"3\r\nend\r\n0\r\n\r\n"]
    proto.connection_lost(None)
