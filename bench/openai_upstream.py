"""The OpenAI-protocol benchmark's upstream: a fast mock of ``POST /v1/chat/completions``.

Every gateway measured by `bench_openai_gateway.py` (and the bare path, straight to it)
talks to this one server, so the only difference between them is the gateway. It is a
lean HTTP/1.1 server on raw asyncio protocols, like `echo_target.py`, so that on a
2-core machine it takes as little CPU as possible from the gateway being measured; it
still parses the JSON body, as a real model server would.

* ``"stream": false`` (or absent) → one ``chat.completion`` object with ``usage``.
* ``"stream": true`` → server-sent events (chunked transfer encoding, keep-alive): a
  role chunk carrying the first token, one chunk per further token, the ``stop`` chunk,
  a ``usage`` chunk when ``stream_options.include_usage`` is true, then ``data: [DONE]``.
* ``GET /v1/models`` lists the model (some clients ask at start-up).
* A fixed delay before the answer (``--delay-ms``) and between stream chunks
  (``--token-delay-ms``), both 0 by default: the benchmark measures what a gateway adds,
  and a slow upstream only hides it.

    python -m bench.openai_upstream PORT [--delay-ms MS] [--token-delay-ms MS]
    python -m bench.openai_upstream --fd FD …   # a listening socket the parent bound
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import time

MODEL = "bench-model"
#: The answer, one token per word (five stream chunks).
TOKENS = ("Your ", "order ", "12345 ", "ships ", "today.")


def completion(model: str, prompt_tokens: int) -> bytes:
    """A non-streaming ``chat.completion`` body."""
    return json.dumps(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "".join(TOKENS)},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(TOKENS),
                "total_tokens": prompt_tokens + len(TOKENS),
            },
        },
        separators=(",", ":"),
    ).encode()


def stream_events(model: str, prompt_tokens: int, include_usage: bool) -> list[bytes]:
    """The SSE events of a streamed answer, each one ``data: …\\n\\n``."""
    created = int(time.time())

    def chunk(delta: dict[str, str], finish: str | None) -> dict[str, object]:
        return {
            "id": "chatcmpl-bench",
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    docs: list[dict[str, object]] = [chunk({"role": "assistant", "content": TOKENS[0]}, None)]
    docs += [chunk({"content": t}, None) for t in TOKENS[1:]]
    docs.append(chunk({}, "stop"))
    if include_usage:
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(TOKENS),
            "total_tokens": prompt_tokens + len(TOKENS),
        }
        docs.append({**chunk({}, None), "choices": [], "usage": usage})
    events = [b"data: " + json.dumps(d, separators=(",", ":")).encode() + b"\n\n" for d in docs]
    events.append(b"data: [DONE]\n\n")
    return events


def framed(chunk: bytes) -> bytes:
    """One HTTP/1.1 chunk of a chunked body."""
    return b"%x\r\n%s\r\n" % (len(chunk), chunk)


class Upstream(asyncio.Protocol):
    """One keep-alive connection; requests are answered in order."""

    delay_s = 0.0
    token_delay_s = 0.0

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.queue: list[tuple[bytes, bytes]] = []
        self.busy = False
        self.task: asyncio.Future[None] | None = None  # the delayed answers being sent

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

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
            if self.busy or self.delay_s or self.token_delay_s:
                self.queue.append((head, body))
                if not self.busy:
                    self.busy = True
                    self.task = asyncio.ensure_future(self.drain())
            else:
                self.write_all(self.answer(head, body))

    async def drain(self) -> None:
        """Answer queued requests one after the other, with the configured delays."""
        while self.queue:
            head, body = self.queue.pop(0)
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            parts = self.answer(head, body)
            for n, part in enumerate(parts):
                if n > 1 and self.token_delay_s:  # head + first event go out together
                    await asyncio.sleep(self.token_delay_s)
                self.write_all([part])
        self.busy = False

    def write_all(self, parts: list[bytes]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(b"".join(parts))

    def answer(self, head: bytes, body: bytes) -> list[bytes]:
        """The response to one request, as the pieces that may be sent apart."""
        if head.startswith(b"get ") and b" /v1/models" in head[:40]:
            doc = {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "x"}]}
            return [self.whole(b"200 OK", json.dumps(doc).encode())]
        if not head.startswith(b"post "):
            return [self.whole(b"404 Not Found", b'{"error":{"message":"not found"}}')]
        try:
            req = json.loads(body)
            messages = req["messages"]
            model = str(req.get("model") or MODEL)
        except (ValueError, KeyError, TypeError):
            return [self.whole(b"400 Bad Request", b'{"error":{"message":"bad request"}}')]
        prompt = sum(len(str(m.get("content", ""))) for m in messages) // 4 + 1
        if not req.get("stream"):
            return [self.whole(b"200 OK", completion(model, prompt))]
        opts = req.get("stream_options") or {}
        events = stream_events(model, prompt, bool(opts.get("include_usage")))
        start = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        return [start, *(framed(e) for e in events[:-1]), framed(events[-1]) + b"0\r\n\r\n"]

    @staticmethod
    def whole(status: bytes, out: bytes) -> bytes:
        return (
            b"HTTP/1.1 "
            + status
            + b"\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(out)).encode()
            + b"\r\n\r\n"
            + out
        )


async def serve(port: int, fd: int | None = None) -> None:
    loop = asyncio.get_running_loop()
    if fd is not None:  # bench/ports.py bound it: the port was never free for another
        sock = socket.socket(fileno=fd)
        server = await loop.create_server(Upstream, sock=sock, backlog=4096)
    else:
        server = await loop.create_server(Upstream, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="openai_upstream")
    parser.add_argument("port", type=int, nargs="?", default=0)
    parser.add_argument("--fd", type=int, help="serve on this inherited listening socket")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="before each answer")
    parser.add_argument("--token-delay-ms", type=float, default=0.0, help="between chunks")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    Upstream.delay_s = args.delay_ms / 1000
    Upstream.token_delay_s = args.token_delay_ms / 1000
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        pass
    asyncio.run(serve(args.port, args.fd))


if __name__ == "__main__":
    main()
