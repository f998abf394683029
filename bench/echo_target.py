"""The gateway benchmark's target: answers every POST at once with ``{"output": <input>}``.

A lean HTTP/1.1 server on raw asyncio protocols (keep-alive, Content-Length framing,
one write per answer), so that on a 2-core machine the target takes as little CPU as
possible from the gateway being measured. It parses and re-encodes the JSON body like
a real service would.

    python -m bench.echo_target PORT
    python -m bench.echo_target --fd FD   # a listening socket the parent bound (bench/ports.py)
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys


class Echo(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buf[:end]).lower()
            i = head.find(b"content-length:")
            length = 0
            if i >= 0:
                j = head.find(b"\r\n", i)
                length = int(head[i + 15 : j if j > 0 else len(head)])
            if len(self.buf) < end + 4 + length:
                return
            body = bytes(self.buf[end + 4 : end + 4 + length])
            del self.buf[: end + 4 + length]
            self.answer(head, body)

    def answer(self, head: bytes, body: bytes) -> None:
        assert self.transport is not None
        status = b"200 OK"
        try:
            doc = json.loads(body) if body else {}
            out = json.dumps({"output": doc.get("input")}).encode()
        except (ValueError, AttributeError):
            status, out = b"400 Bad Request", b'{"error":"not JSON"}'
        self.transport.write(
            b"HTTP/1.1 "
            + status
            + b"\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(out)).encode()
            + b"\r\n\r\n"
            + out
        )


async def serve(port: int | None, fd: int | None = None) -> None:
    loop = asyncio.get_running_loop()
    if fd is not None:
        sock = socket.socket(fileno=fd)
        server = await loop.create_server(Echo, sock=sock, backlog=4096)
    else:
        server = await loop.create_server(Echo, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


def main() -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    if sys.argv[1] == "--fd":
        asyncio.run(serve(None, int(sys.argv[2])))
    else:
        asyncio.run(serve(int(sys.argv[1])))


if __name__ == "__main__":
    main()
